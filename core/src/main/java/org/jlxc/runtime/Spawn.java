package org.jlxc.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.jlxc.cgroup.CgroupException;
import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.linux.Errno;
import org.jlxc.plan.Plan;
import org.jlxc.plan.PlanWriter;
import org.jlxc.plan.Step;

/**
 * Runs a plan through the shim, after LXC's lxc_spawn: the shim clones the child,
 * Java puts it in its cgroups, the child runs its ops and execs; then wait for init to end.
 * The caller owns the cgroup's creation and removal.
 */
public final class Spawn {
    private final Path shim;
    private final Path runDir;
    private final Consumer<String> warnings;

    public Spawn(Path shim, Path runDir, Consumer<String> warnings) {
        this.shim = shim;
        this.runDir = runDir;
        this.warnings = warnings;
    }

    /**
     * Starts the plan and blocks until init ends.
     *
     * @param onRunning called with init's host pid once it exec'd (state RUNNING)
     * @return init's wait status
     */
    public int run(Plan plan, ContainerCgroup cgroup, IntConsumer onRunning) throws StartException {
        try (ShimSession shimSession = ShimSession.start(shim, runDir)) {
            shimSession.send(ShimMessage.PLAN, PlanWriter.write(plan));
            int childPid = -1;
            while (true) {
                ShimMessage m = shimSession.receive();
                switch (m) {
                    case null -> throw new StartException("the shim exited unexpectedly (status "
                            + shimSession.waitFor() + ")");
                    case ShimMessage.ChildPid c -> {
                        childPid = c.pid();
                        attach(cgroup, childPid, shimSession);
                        shimSession.send(ShimMessage.GO, new byte[0]);
                    }
                    case ShimMessage.Warning w -> warnings.accept(describe(plan, w.opIndex(), w.errno(), w.detail())
                            + " (optional, skipped)");
                    case ShimMessage.OpFailed f -> {
                        shimSession.waitFor();
                        throw new StartException(describe(plan, f.opIndex(), f.errno(), f.detail()));
                    }
                    case ShimMessage.ShimFailed f -> {
                        shimSession.waitFor();
                        throw new StartException("the shim failed: " + f.what() + ": " + Errno.describe(f.errno()));
                    }
                    case ShimMessage.Running r -> onRunning.accept(childPid);
                    case ShimMessage.Exited e -> {
                        shimSession.waitFor();
                        return e.waitStatus();
                    }
                }
            }
        } catch (IOException e) {
            throw new StartException("cannot talk to the shim: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while the container was starting", e);
        }
    }

    private static void attach(ContainerCgroup cgroup, int pid, ShimSession shimSession) throws StartException {
        if (cgroup == null) return;
        try {
            cgroup.attach(pid);
        } catch (CgroupException e) {
            shimSession.kill();
            throw new StartException(e.getMessage(), e);
        }
    }

    /** "mount(...) failed: ENOENT (No such file or directory) [lxc.mount.entry (FILE:LINE)]". */
    static String describe(Plan plan, int opIndex, int errno, String detail) {
        String what = detail == null || detail.isEmpty() ? "op " + opIndex : detail;
        String cause = "";
        if (opIndex >= 0 && opIndex < plan.size()) {
            Step step = plan.step(opIndex);
            cause = step.cause() == null ? "" : ", for " + step.cause();
        }
        return what + ": " + Errno.describe(errno) + cause;
    }
}
