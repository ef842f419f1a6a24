package org.jlxc.runtime;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of `jlxc-shim run --sync PATH`, and Java's end of its sync socket.
 * The socket lives in a fresh 0700 directory and is unlinked as soon as the shim connected.
 * A daemon's exit command instead {@linkplain #restart attaches} to the running shim whose
 * container asked for a reboot: its RESTART connection is the sync socket of the next start.
 */
public final class ShimSession implements AutoCloseable {
    private final Process process;    // null when attached to a running shim
    private final RuntimeDir attached; // the attached shim's runtime directory, else null
    private final SocketChannel channel;
    private final Path socketDir;

    private ShimSession(Process process, RuntimeDir attached, SocketChannel channel, Path socketDir) {
        this.process = process;
        this.attached = attached;
        this.channel = channel;
        this.socketDir = socketDir;
    }

    /**
     * Connects to the command socket of the shim in `dir` and sends RESTART: from its answer
     * (LOCKED, or RESULT when refused) on, the connection is a sync socket (native/PLAN.md, "Reboot").
     */
    public static ShimSession restart(RuntimeDir dir) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(dir.command()));
            ShimSession session = new ShimSession(null, dir, ch, null);
            session.send(ShimMessage.RESTART, new byte[0]);
            return session;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Starts the shim and waits until it connected. In the foreground it has the caller's
     * stdin/stdout/stderr (the container's console); a daemon shim gets none of them.
     *
     * @param args the shim's arguments after `run --sync PATH`
     */
    public static ShimSession start(Path shim, Path runDir, List<String> args, boolean daemon) throws IOException {
        Files.createDirectories(runDir);
        // Not createTempDirectory: its random name costs a SecureRandom seeding at every start.
        Path dir = uniqueDir(runDir);
        Path socket = dir.resolve("sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            List<String> argv = new java.util.ArrayList<>(List.of(shim.toString(), "run", "--sync", socket.toString()));
            argv.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(argv);
            if (daemon) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            } else {
                pb.inheritIO();
            }
            Process process = pb.start();
            server.configureBlocking(false);
            SocketChannel channel = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (channel == null) {
                channel = server.accept();
                if (channel != null) break;
                if (!process.isAlive()) {
                    cleanupDir(dir);
                    throw new IOException("the shim " + shim + " exited with status " + process.exitValue()
                            + " before it connected");
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    cleanupDir(dir);
                    throw new IOException("the shim " + shim + " did not connect within 10 s");
                }
                sleepBriefly();
            }
            channel.configureBlocking(true);
            Files.deleteIfExists(socket);
            return new ShimSession(process, null, channel, dir);
        } catch (IOException e) {
            cleanupDir(dir);
            throw e;
        }
    }


    public void send(int type, byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(payload.length).put(payload).flip();
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** The next message, or null when the shim closed the socket. */
    public ShimMessage receive() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (!readFully(header)) return null;
        header.flip();
        int type = header.getInt();
        int length = header.getInt();
        if (length < 0 || length > (1 << 20)) {
            throw new IOException("message from the shim with a bad length " + length);
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        if (!readFully(payload)) {
            throw new IOException("the shim closed the socket in the middle of a message");
        }
        try {
            return ShimMessage.decode(type, payload.array());
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Waits for the shim process to end; returns its exit status, or -1 for an attached shim
     * (not our child: its end is its lock's release).
     */
    public int waitFor() throws InterruptedException {
        if (process != null) return process.waitFor();
        while (attached.monitorAlive()) {
            Thread.sleep(10);
        }
        return -1;
    }

    /** Kills a shim this session started; an attached one ends when the connection closes before GO. */
    public void kill() {
        if (process != null) process.destroyForcibly();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to tell the shim
        }
        if (socketDir != null) cleanupDir(socketDir);
    }

    private boolean readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                if (b.position() == 0) return false;
                throw new IOException("the shim closed the socket in the middle of a message");
            }
        }
        return true;
    }

    private static final java.util.concurrent.atomic.AtomicInteger COUNTER = new java.util.concurrent.atomic.AtomicInteger();

    /** A new 0700 directory, named after this process so concurrent starts never collide. */
    private static Path uniqueDir(Path runDir) throws IOException {
        while (true) {
            Path dir = runDir.resolve("sync-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
            try {
                return Files.createDirectory(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // left by an earlier process with the same pid; take the next name
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void cleanupDir(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve("sock"));
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a stray empty 0700 directory is harmless; the start error is what matters
        }
    }
}
