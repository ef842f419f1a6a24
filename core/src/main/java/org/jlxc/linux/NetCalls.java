package org.jlxc.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The system calls of the netlink layer (org.jlxc.linux.netlink): sockets, and the network
 * namespace fds it needs to open a socket inside another namespace. Buffers are passed as
 * MemorySegments; every call goes through the one {@link Libc#syscall} handle.
 * A class of its own (not {@link Linux}) so that the netlink work stays in one place.
 */
public final class NetCalls {
    private static final SyscallNumbers NR = SyscallNumbers.CURRENT;

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000; // same value on x86_64 and aarch64
    private static final int AT_FDCWD = -100;

    private NetCalls() {}

    public static int socket(int domain, int type, int protocol) throws ErrnoException {
        return (int) Libc.syscall("socket", null, NR.socket(), domain, type, protocol, 0, 0, 0);
    }

    public static void bind(int fd, MemorySegment address) throws ErrnoException {
        Libc.syscall("bind", null, NR.bind(), fd, address.address(), address.byteSize(), 0, 0, 0);
    }

    /** setsockopt with an int value (the only kind netlink needs). */
    public static void setsockopt(int fd, int level, int name, int value) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(4, 4);
            v.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, value);
            Libc.syscall("setsockopt", Integer.toString(name), NR.setsockopt(), fd, level, name, v.address(), 4, 0);
        }
    }

    /** sendto(fd, buf, len, flags, NULL, 0): to a connected or default peer (the kernel, for netlink). */
    public static long send(int fd, MemorySegment buffer, long length, int flags) throws ErrnoException {
        return Libc.syscall("sendto", null, NR.sendto(), fd, buffer.address(), length, flags, 0, 0);
    }

    /** recvfrom(fd, buf, len, flags, NULL, NULL); with MSG_TRUNC the result is the datagram's real length. */
    public static long receive(int fd, MemorySegment buffer, int flags) throws ErrnoException {
        return Libc.syscall("recvfrom", null, NR.recvfrom(), fd, buffer.address(), buffer.byteSize(), flags, 0, 0);
    }

    /** setns(2): moves the CALLING THREAD (only) into the namespace fd refers to. */
    public static void setns(int fd, long nstype, String what) throws ErrnoException {
        Libc.syscall("setns", what, NR.setns(), fd, nstype, 0, 0, 0, 0);
    }

    /** open(path, O_RDONLY|O_CLOEXEC), e.g. a namespace file such as /proc/PID/ns/net. */
    public static int openReadOnly(String path) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            return (int) Libc.syscall("open", path, NR.openat(), AT_FDCWD, arena.allocateFrom(path).address(),
                    O_RDONLY | O_CLOEXEC, 0, 0, 0);
        }
    }

    public static void close(int fd) throws ErrnoException {
        Libc.syscall("close", Integer.toString(fd), NR.close(), fd, 0, 0, 0, 0, 0);
    }
}
