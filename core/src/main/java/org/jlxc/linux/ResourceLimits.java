package org.jlxc.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/** prlimit(2) on another process: its resource limits set from the host, as LXC's monitor does. */
public final class ResourceLimits {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private ResourceLimits() {}

    /** Bound on first use: only a start with limits to set from the host needs it. */
    private static final class Prlimit {
        static final MethodHandle HANDLE = LINKER.downcallHandle(LINKER.defaultLookup().find("prlimit").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS),
                Linker.Option.captureCallState("errno"));
    }

    /**
     * Sets resource `resource` (RLIMIT_* number) of process `pid` to soft/hard (-1: RLIM_INFINITY).
     *
     * @throws ErrnoException as prlimit(2) fails (EPERM, EINVAL for soft above hard, ESRCH)
     */
    public static void set(int pid, int resource, long soft, long hard) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = arena.allocate(JAVA_LONG, 2);
            limit.setAtIndex(JAVA_LONG, 0, soft);
            limit.setAtIndex(JAVA_LONG, 1, hard);
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) Prlimit.HANDLE.invokeExact(state, pid, resource, limit, MemorySegment.NULL);
            if (rc != 0) throw new ErrnoException("prlimit", Integer.toString(pid), (int) ERRNO.get(state, 0L));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("downcall prlimit failed", t);
        }
    }
}
