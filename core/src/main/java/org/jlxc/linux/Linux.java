package org.jlxc.linux;

import java.lang.foreign.Arena;

/**
 * The system calls the Java side makes, as static methods that throw {@link ErrnoException}.
 * Anything that only reads or writes files (cgroups, /proc) uses java.nio instead.
 */
public final class Linux {
    private static final SyscallNumbers NR = SyscallNumbers.CURRENT;

    private Linux() {}

    public static int getpid() {
        return (int) unchecked("getpid", NR.getpid());
    }

    public static int geteuid() {
        return (int) unchecked("geteuid", NR.geteuid());
    }

    public static void kill(int pid, int signal) throws ErrnoException {
        Libc.syscall("kill", Integer.toString(pid), NR.kill(), pid, signal, 0, 0, 0, 0);
    }

    /** Whether the process exists (kill with signal 0; EPERM still means it exists). */
    public static boolean processExists(int pid) {
        try {
            kill(pid, 0);
            return true;
        } catch (ErrnoException e) {
            return e.errno() == Errno.EPERM;
        }
    }

    public static void mount(String source, String target, String fstype, long flags, String data)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            Libc.syscall("mount", target, NR.mount(), cstr(arena, source), cstr(arena, target),
                    cstr(arena, fstype), flags, cstr(arena, data), 0);
        }
    }

    public static void umount2(String target, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            Libc.syscall("umount2", target, NR.umount2(), cstr(arena, target), flags, 0, 0, 0, 0);
        }
    }

    private static long cstr(Arena arena, String s) {
        return s == null ? 0 : arena.allocateFrom(s).address();
    }

    private static long unchecked(String call, long nr) {
        try {
            return Libc.syscall(call, null, nr, 0, 0, 0, 0, 0, 0);
        } catch (ErrnoException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
