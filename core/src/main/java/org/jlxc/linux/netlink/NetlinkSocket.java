package org.jlxc.linux.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jlxc.linux.CloneFlags;
import org.jlxc.linux.ErrnoException;
import org.jlxc.linux.NetCalls;

/**
 * An rtnetlink socket (AF_NETLINK, NETLINK_ROUTE) that sends one request at a time and reads its
 * whole answer. Not thread-safe: one caller at a time.
 *
 * <p>A socket acts on the network namespace it was created in, for its whole life, whichever
 * thread uses it later. {@link #openIn} relies on that to work inside a container's namespace.
 */
public final class NetlinkSocket implements AutoCloseable {
    /** Big enough for any one datagram of a dump: the kernel fills at most 32 KiB per datagram. */
    private static final int RECEIVE_SIZE = 64 * 1024;

    private final int fd;
    // Auto: the socket may be made on one thread and used on another, and freeing costs nothing at close.
    private final MemorySegment receive = Arena.ofAuto().allocate(RECEIVE_SIZE, 8);
    private int seq = (int) (System.nanoTime() & 0x7fffffff);
    private boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** A socket in the calling thread's network namespace. */
    public static NetlinkSocket open() throws ErrnoException {
        return new NetlinkSocket(create());
    }

    /** A socket in the network namespace of process pid (its /proc/PID/ns/net). */
    public static NetlinkSocket openIn(int pid) throws ErrnoException {
        return openIn(Path.of("/proc/" + pid + "/ns/net"));
    }

    /**
     * A socket in the network namespace that nsFile refers to (/proc/PID/ns/net, /run/netns/NAME).
     * setns(2) moves only the calling thread, and a JVM thread must not be left in another namespace
     * (its later work, and any thread it starts, would land there). So a short-lived platform thread
     * of our own enters the namespace, creates the socket and goes back (to the namespace it kept open
     * from /proc/thread-self/ns/net) before it ends; the socket stays bound to the target namespace.
     */
    public static NetlinkSocket openIn(Path nsFile) throws ErrnoException {
        int target = NetCalls.openReadOnly(nsFile.toString());
        try {
            return new NetlinkSocket(createInNamespace(target, nsFile.toString()));
        } finally {
            closeQuietly(target);
        }
    }

    /** A socket in the network namespace of an already open namespace fd (see {@link #openIn(Path)}). */
    public static NetlinkSocket openInNamespaceFd(int nsFd) throws ErrnoException {
        return new NetlinkSocket(createInNamespace(nsFd, "fd " + nsFd));
    }

    private static int createInNamespace(int target, String what) throws ErrnoException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("jlxc-netns-socket").unstarted(() -> {
            try {
                int home = NetCalls.openReadOnly("/proc/thread-self/ns/net");
                try {
                    NetCalls.setns(target, CloneFlags.CLONE_NEWNET, what);
                    int sock;
                    try {
                        sock = create();
                    } finally {
                        // Back home even on failure; if this fails the thread ends now anyway.
                        NetCalls.setns(home, CloneFlags.CLONE_NEWNET, "/proc/thread-self/ns/net");
                    }
                    result.set(sock);
                } finally {
                    closeQuietly(home);
                }
            } catch (ErrnoException e) {
                result.set(e);
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening a netlink socket in " + what, e);
        }
        Object r = result.get();
        if (r instanceof ErrnoException e) throw e;
        if (r == null) throw new IllegalStateException("opening a netlink socket in " + what + " failed");
        return (Integer) r;
    }

    private static int create() throws ErrnoException {
        int fd = NetCalls.socket(Uapi.AF_NETLINK, Uapi.SOCK_RAW | Uapi.SOCK_CLOEXEC, Uapi.NETLINK_ROUTE);
        try {
            try (Arena arena = Arena.ofConfined()) {
                // struct sockaddr_nl { u16 family; u16 pad; u32 pid; u32 groups; }: pid 0 = the kernel picks
                MemorySegment sa = arena.allocate(12, 4);
                sa.set(JAVA_SHORT, 0, (short) Uapi.AF_NETLINK);
                NetCalls.bind(fd, sa);
            }
            // Errors come back with the kernel's reason text, and without the whole request echoed.
            NetCalls.setsockopt(fd, Uapi.SOL_NETLINK, Uapi.NETLINK_EXT_ACK, 1);
            NetCalls.setsockopt(fd, Uapi.SOL_NETLINK, Uapi.NETLINK_CAP_ACK, 1);
            return fd;
        } catch (ErrnoException e) {
            closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Sends a request flagged NLM_F_ACK and reads until the kernel's acknowledgement; returns the
     * messages that came before it (the answer to a get, empty for a change).
     *
     * @param operation what the caller is doing, for the error ("create veth")
     * @param object what it is done to, for the error ("veth0")
     */
    List<NetlinkMessage> request(byte[] message, String operation, String object) throws NetlinkException, ErrnoException {
        return exchange(message, operation, object, false);
    }

    /** Sends a dump request (NLM_F_DUMP, no ACK) and reads every message up to NLMSG_DONE. */
    List<NetlinkMessage> dump(byte[] message, String operation) throws NetlinkException, ErrnoException {
        return exchange(message, operation, null, true);
    }

    private List<NetlinkMessage> exchange(byte[] message, String operation, String object, boolean dump)
            throws NetlinkException, ErrnoException {
        if (closed) throw new IllegalStateException("netlink socket closed");
        int mySeq = ++seq;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(message.length, 4);
            MemorySegment.copy(message, 0, out, JAVA_BYTE, 0, message.length);
            out.set(JAVA_INT, 8, mySeq);
            short flags = out.get(JAVA_SHORT, 6);
            out.set(JAVA_SHORT, 6, (short) (flags | Uapi.NLM_F_REQUEST | (dump ? 0 : Uapi.NLM_F_ACK)));
            NetCalls.send(fd, out, message.length, 0);
        }
        List<NetlinkMessage> answer = new ArrayList<>();
        while (true) {
            long n = NetCalls.receive(fd, receive, Uapi.MSG_TRUNC);
            if (n > RECEIVE_SIZE) throw new IllegalStateException(operation + ": netlink answer of " + n + " bytes truncated");
            byte[] copy = receive.asSlice(0, n).toArray(JAVA_BYTE);
            if (collect(ByteBuffer.wrap(copy), mySeq, dump, answer, operation, object)) return answer;
        }
    }

    /**
     * Takes one datagram of an answer: adds the messages for request seq to answer, skipping any for
     * other sequence numbers (late answers to an abandoned request). True when the answer is complete:
     * the ACK (an NLMSG_ERROR with error 0) of a request, or the NLMSG_DONE of a dump.
     */
    static boolean collect(ByteBuffer datagram, int seq, boolean dump, List<NetlinkMessage> answer, String operation,
                           String object) throws NetlinkException {
        for (NetlinkMessage m : NetlinkMessage.parse(datagram)) {
            if (m.seq() != seq) continue;
            if (m.type() == Uapi.NLMSG_ERROR) {
                if (m.errorCode() == 0) return true; // the ACK
                throw failure(m, operation, object);
            }
            if (m.type() == Uapi.NLMSG_DONE) {
                if (m.errorCode() < 0) throw failure(m, operation, object);
                return true;
            }
            if (m.type() != Uapi.NLMSG_NOOP) answer.add(m);
        }
        return false;
    }

    /** The exception for an NLMSG_ERROR (or a failed dump's NLMSG_DONE). */
    static NetlinkException failure(NetlinkMessage m, String operation, String object) {
        return new NetlinkException(operation, object, -m.errorCode(), m.extendedAckMessage(), null);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        closeQuietly(fd);
    }

    private static void closeQuietly(int fd) {
        try {
            NetCalls.close(fd);
        } catch (ErrnoException e) {
            // our own descriptor: nothing to do about a failed close
        }
    }

}
