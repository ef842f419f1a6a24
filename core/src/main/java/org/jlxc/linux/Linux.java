package org.jlxc.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

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

    /**
     * prlimit64(2) on another process: resource `resource` (RLIMIT_* number) of `pid` set to
     * soft/hard (-1: RLIM_INFINITY), from the host, as LXC's monitor sets a container's limits.
     *
     * @throws ErrnoException EPERM (raising a hard limit without CAP_SYS_RESOURCE), EINVAL (soft above hard), ESRCH
     */
    public static void prlimit(int pid, int resource, long soft, long hard) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = arena.allocate(ValueLayout.JAVA_LONG, 2);
            limit.setAtIndex(ValueLayout.JAVA_LONG, 0, soft);
            limit.setAtIndex(ValueLayout.JAVA_LONG, 1, hard);
            Libc.syscall("prlimit", Integer.toString(pid), NR.prlimit64(), pid, resource, limit.address(), 0, 0, 0);
        }
    }

    /** PR_SCHED_CORE_CREATE for pid's thread group (prctl(2)): a core scheduling domain of its own. */
    public static void schedCoreCreate(int pid) throws ErrnoException {
        // PR_SCHED_CORE (62), PR_SCHED_CORE_CREATE (1), PR_SCHED_CORE_SCOPE_THREAD_GROUP (1)
        Libc.syscall("prctl(PR_SCHED_CORE_CREATE)", Integer.toString(pid), NR.prctl(), 62, 1, pid, 1, 0, 0);
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

    /**
     * execve(2): replaces this process (every thread of the JVM) with the program. Returns only
     * by throwing. The caller flushes its streams first; the fds the JVM opened stay open unless
     * close-on-exec, so the program must close what it does not want (the shim does).
     */
    public static void execve(String path, java.util.List<String> argv, java.util.List<String> envp)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            Libc.syscall("execve", path, NR.execve(), cstr(arena, path), cstrv(arena, argv),
                    cstrv(arena, envp), 0, 0, 0);
        }
    }

    /** A NULL-terminated char *[] of the strings. */
    private static long cstrv(Arena arena, java.util.List<String> strings) {
        MemorySegment v = arena.allocate(ValueLayout.ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            v.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(strings.get(i)));
        }
        v.setAtIndex(ValueLayout.ADDRESS, strings.size(), MemorySegment.NULL);
        return v.address();
    }

    /**
     * The terminal width as lxc-ls takes it: the columns of the first of stdout, stderr and stdin
     * that is a terminal (TIOCGWINSZ), 0 when none is or its size is unset. $COLUMNS is not read.
     */
    public static int terminalColumns() {
        for (int fd : new int[] {1, 2, 0}) {
            if (!ProcSelf.isTerminal(fd)) continue; // no downcall off a terminal (FFM's first costs)
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment ws = arena.allocate(8); // struct winsize: 4 unsigned shorts
                Libc.syscall("ioctl", "TIOCGWINSZ", NR.ioctl(), fd, TIOCGWINSZ, ws.address(), 0, 0, 0);
                return Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 2));
            } catch (ErrnoException e) {
                // not a terminal after all: try the next
            }
        }
        return 0;
    }

    private static final long TIOCGWINSZ = 0x5413;

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
