package org.jlxc.runtime;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A tool's connection to a running container's shim through its command socket
 * (PLAN.md, "The command socket"). The socket is the only way tools reach a container: the
 * shim acts on init through a pidfd, so a recycled pid is never signalled.
 */
public final class MonitorClient implements AutoCloseable {
    static final int GET_STATE = 20, STATE = 21, SIGNAL = 22, RESULT = 23, WATCH = 24, SET_STATE = 28;

    private final SocketChannel channel;

    private MonitorClient(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects; IOException when no shim serves the socket (the container is not running). */
    public static MonitorClient connect(RuntimeDir dir) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(dir.command()));
            return new MonitorClient(ch);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    public MonitorStatus status() throws IOException {
        send(GET_STATE, new byte[0]);
        return readStatus(expect(STATE));
    }

    /** Sends a signal to init; returns 0 or the errno the shim got. */
    public int signal(int signal) throws IOException {
        send(SIGNAL, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(signal).array());
        return expect(RESULT).getInt();
    }

    /**
     * Reports a freezer state (LXC's lxc_cmd_notify_state_listeners): the shim tells its
     * watchers and answers GET_STATE with it (THAWED: with RUNNING). Returns 0 or the shim's
     * errno (EBUSY when init does not run).
     */
    public int setState(ContainerState state) throws IOException {
        send(SET_STATE, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(state.shimCode()).array());
        return expect(RESULT).getInt();
    }

    /**
     * Watches the state until `until` accepts one, the shim exits (STOPPED, returned as such)
     * or the timeout passes (null). A negative timeout waits for ever.
     */
    public ContainerState watch(Predicate<ContainerState> until, Duration timeout) throws IOException {
        MonitorStatus s = watchStatus(st -> until.test(st.state()), timeout);
        return s == null ? null : s.state();
    }

    /**
     * As {@link #watch}, on the whole status (state and init's pid: a reboot changes the pid);
     * the shim's exit is STOPPED with pids 0.
     */
    public MonitorStatus watchStatus(Predicate<MonitorStatus> until, Duration timeout) throws IOException {
        send(WATCH, new byte[0]);
        long deadline = timeout.isNegative() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        channel.configureBlocking(false);
        try (var selector = java.nio.channels.Selector.open()) {
            channel.register(selector, java.nio.channels.SelectionKey.OP_READ);
            ByteBuffer pending = ByteBuffer.allocate(0);
            boolean first = true;
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0 && !first) return null;
                first = false; // read at least once: the shim answers WATCH with the current state
                selector.select(Math.max(1, Math.min(left / 1_000_000, Integer.MAX_VALUE)));
                selector.selectedKeys().clear();
                ByteBuffer chunk = ByteBuffer.allocate(4096);
                int n = channel.read(chunk);
                if (n < 0) {
                    MonitorStatus stopped = new MonitorStatus(ContainerState.STOPPED, 0, 0);
                    return until.test(stopped) ? stopped : null;
                }
                chunk.flip();
                pending = concat(pending, chunk);
                pending.order(ByteOrder.LITTLE_ENDIAN);
                while (pending.remaining() >= 8) {
                    int type = pending.getInt(pending.position());
                    int len = pending.getInt(pending.position() + 4);
                    if (pending.remaining() < 8 + len) break;
                    pending.position(pending.position() + 8);
                    ByteBuffer payload = pending.slice(pending.position(), len).order(ByteOrder.LITTLE_ENDIAN);
                    pending.position(pending.position() + len);
                    if (type == STATE) {
                        MonitorStatus s = readStatus(payload);
                        if (until.test(s)) return s;
                    }
                }
            }
        } finally {
            channel.configureBlocking(true);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to tell the shim
        }
    }

    private static MonitorStatus readStatus(ByteBuffer b) {
        ContainerState state = ContainerState.fromShim(b.getInt());
        int initPid = b.getInt(), shimPid = b.getInt();
        // A shim older than the init status field sends three fields.
        return new MonitorStatus(state, initPid, shimPid, b.remaining() >= 4 ? b.getInt() : -1);
    }

    private void send(int type, byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(payload.length).put(payload).flip();
        while (b.hasRemaining()) channel.write(b);
    }

    private ByteBuffer expect(int type) throws IOException {
        ByteBuffer head = readFully(8);
        int got = head.getInt();
        int len = head.getInt();
        if (len < 0 || len > 4096) throw new IOException("bad answer length " + len + " from the shim");
        ByteBuffer payload = readFully(len);
        if (got != type) throw new IOException("expected answer " + type + " from the shim, got " + got);
        return payload;
    }

    private ByteBuffer readFully(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) throw new IOException("the shim closed the command socket");
        }
        return b.flip();
    }

    private static ByteBuffer concat(ByteBuffer a, ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(a.remaining() + b.remaining());
        c.put(a).put(b).flip();
        return c;
    }
}
