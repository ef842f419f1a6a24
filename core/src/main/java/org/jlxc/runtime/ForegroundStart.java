package org.jlxc.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.jlxc.cgroup.CgroupException;
import org.jlxc.cgroup.CgroupLayout;
import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.config.ConfigException;
import org.jlxc.config.ContainerConfig;
import org.jlxc.config.MountEntry;
import org.jlxc.linux.ErrnoException;
import org.jlxc.linux.Linux;
import org.jlxc.linux.ProcSelf;
import org.jlxc.plan.Plan;
import org.jlxc.plan.PlanBuilder;

/**
 * Starts a container in the foreground and waits for its init to end (`lxc-start -F`,
 * `lxc-execute`): check the config, plan, create the cgroups, run the shim, clean up.
 * The caller's stdin/stdout/stderr are the container's console.
 */
public final class ForegroundStart {
    private final Path shim;
    private final Path runDir;
    private final Consumer<String> warnings;

    public ForegroundStart(Path shim, Path runDir, Consumer<String> warnings) {
        this.shim = shim;
        this.runDir = runDir;
        this.warnings = warnings;
    }

    /**
     * @param command   init's argv (already defaulted by the caller)
     * @param underInit run under the minimal init (lxc-execute)
     * @return init's wait status
     */
    public int run(String name, ContainerConfig config, List<String> command, boolean underInit)
            throws StartException {
        SupportCheck.check(config, hostHasLsm(), warnings);
        List<MountEntry> fstab = readFstab(config);
        // Relay only to a terminal on both ends: output redirected to a file gets plain stdio.
        boolean terminal = ProcSelf.isTerminal(0) && ProcSelf.isTerminal(1);
        Plan plan = PlanBuilder.build(new PlanBuilder.Request(name, config, command, underInit, terminal, fstab,
                PlanBuilder.Host.probe()));
        ContainerCgroup cgroup = ContainerCgroup.of(CgroupLayout.ofHost(), name);
        try {
            cgroup.create();
        } catch (CgroupException e) {
            throw new StartException(e.getMessage(), e);
        }
        InitSignals signals = InitSignals.forwardTo();
        try {
            return new Spawn(shim, runDir, warnings).run(plan, cgroup, signals::running);
        } finally {
            signals.close();
            try {
                cgroup.destroy();
            } catch (CgroupException e) {
                warnings.accept(e.getMessage());
            }
        }
    }

    private static List<MountEntry> readFstab(ContainerConfig config) throws StartException {
        if (config.mountFstab() == null) return List.of();
        try {
            return MountEntry.readFstab(config.mountFstab().path());
        } catch (ConfigException e) {
            throw new StartException(e.getMessage(), e);
        }
    }

    private static boolean hostHasLsm() {
        return java.nio.file.Files.exists(Path.of("/sys/kernel/security/apparmor"))
                || java.nio.file.Files.exists(Path.of("/sys/fs/selinux/enforce"));
    }

    /**
     * While the container runs in the foreground, SIGINT/SIGTERM/SIGHUP sent to this process
     * go to the container's init (which, as PID 1 of its namespace, acts on what it handles),
     * instead of killing the JVM and leaving the container's cgroups behind.
     */
    static final class InitSignals implements AutoCloseable {
        private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP");
        private volatile int initPid = -1;
        private final java.util.Map<String, sun.misc.SignalHandler> previous = new java.util.HashMap<>();

        static InitSignals forwardTo() {
            InitSignals s = new InitSignals();
            for (String name : FORWARDED) {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                s.previous.put(name, sun.misc.Signal.handle(signal, sig -> s.forward(sig.getNumber())));
            }
            return s;
        }

        void running(int pid) {
            initPid = pid;
        }

        private void forward(int signal) {
            int pid = initPid;
            if (pid > 0) {
                try {
                    Linux.kill(pid, signal);
                } catch (ErrnoException ignored) {
                    // init is already gone; its exit is on its way to us
                }
            }
        }

        @Override
        public void close() {
            previous.forEach((name, handler) -> sun.misc.Signal.handle(new sun.misc.Signal(name), handler));
        }
    }
}
