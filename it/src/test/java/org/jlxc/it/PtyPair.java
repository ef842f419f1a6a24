package org.jlxc.it;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A pty made by the test, standing for the terminal that lxc-start -c names: the test holds the
 * master (reads what the container's console writes, types into it); the slave's path is the
 * device given to the container.
 */
final class PtyPair implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPENPT = fn("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GRANTPT = fn("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle UNLOCKPT = fn("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PTSNAME = fn("ptsname", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle READ = fn("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = fn("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final int O_RDWR = 2, O_NOCTTY = 0400;

    private final int master;
    final String slave;
    private final StringBuffer output = new StringBuffer();
    private volatile boolean closed;

    PtyPair() throws Throwable {
        master = (int) OPENPT.invokeExact(O_RDWR | O_NOCTTY);
        if (master < 0 || (int) GRANTPT.invokeExact(master) != 0 || (int) UNLOCKPT.invokeExact(master) != 0) {
            throw new IllegalStateException("cannot make a pty");
        }
        slave = ((MemorySegment) PTSNAME.invokeExact(master)).reinterpret(64).getString(0);
        Thread reader = new Thread(this::readLoop, "pty-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static MethodHandle fn(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d);
    }

    private void readLoop() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(4096);
            while (!closed) {
                long n = (long) READ.invokeExact(master, buf, 4096L);
                if (n > 0) {
                    output.append(new String(buf.asSlice(0, n).toArray(JAVA_BYTE_LAYOUT), StandardCharsets.UTF_8));
                } else {
                    Thread.sleep(50); // EIO while no one has the slave open
                }
            }
        } catch (Throwable ignored) {
            // the test ends
        }
    }

    private static final java.lang.foreign.ValueLayout.OfByte JAVA_BYTE_LAYOUT = java.lang.foreign.ValueLayout.JAVA_BYTE;

    /** Everything the device got so far. */
    String output() {
        return output.toString();
    }

    /** Waits until the device got text; false after the timeout. */
    boolean await(String text, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(50);
        }
        return true;
    }

    /** Types text on the terminal. */
    void type(String text) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            MemorySegment seg = arena.allocate(b.length);
            seg.copyFrom(MemorySegment.ofArray(b));
            long n = (long) WRITE.invokeExact(master, seg, (long) b.length);
            if (n != b.length) throw new IllegalStateException("short write to the pty: " + n);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            int ignored = (int) CLOSE.invokeExact(master);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
