package org.jlxc.runtime;

import java.io.IOException;
import java.nio.file.Files;
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
 * Starts a container (LXC's __lxc_start): check the config, plan, let the shim take the
 * container's lock, create the cgroups, run the plan. In the foreground it then waits for
 * init's end and does the post-stop work; a daemon start returns once init runs and leaves
 * the shim to supervise it alone, with the post-stop work as its exit command.
 */
public final class Starter {
    /**
     * @param command    init's argv (already defaulted by the caller)
     * @param underInit  run under the minimal init (lxc-execute)
     * @param daemon     return once RUNNING, the shim in the background
     * @param pidfile    where the monitor (the shim) writes its pid, or null
     * @param consoleLog where the console's output is appended (-L; else lxc.console.logfile), or null
     * @param shares     --share-TYPE NAME|PID options (type to target)
     */
    public record Request(String name, Path lxcpath, ContainerConfig config, List<String> command,
                          boolean underInit, boolean daemon, Path pidfile, Path consoleLog,
                          java.util.Map<String, String> shares) {}

    private final Path shim;
    private final Path runDir;
    private final Consumer<String> warnings;

    public Starter(Path shim, Path runDir, Consumer<String> warnings) {
        this.shim = shim;
        this.runDir = runDir;
        this.warnings = warnings;
    }

    /** @return init's wait status in the foreground; 0 for a daemon start once it is RUNNING */
    public int start(Request r) throws StartException {
        SupportCheck.check(r.config(), hostHasLsm(), warnings);
        RuntimeDir dir = RuntimeDir.of(runDir, r.lxcpath(), r.name());
        Plan plan = plan(r, dir);
        try {
            dir.create();
        } catch (IOException e) {
            throw new StartException("cannot create the runtime directory " + dir.dir() + ": " + e.getMessage(), e);
        }
        try (Spawn spawn = Spawn.launch(shim, runDir, dir, r.daemon(), r.pidfile(), warnings)) {
            // The shim holds the container's lock: from here on this start owns it.
            ContainerCgroup cgroup = ContainerCgroup.of(CgroupLayout.ofHost(), r.name());
            boolean running = false;
            try {
                // Hooks: pre-start now (host, holding the lock, before anything is made);
                // stop and post-stop saved for PostStop; start-host when the child is set up.
                Hooks.ForStart hooks = Hooks.ForStart.of(r, consoleLog(r));
                Hooks.runForStart(hooks.preStart());
                hooks.saveStopHooks(dir);
                dir.writeContainer(r.lxcpath(), r.name());
                cgroup.create();
                spawn.run(plan, cgroup, () -> Hooks.runForStart(hooks.startHost()));
                running = true;
            } catch (IOException | CgroupException e) {
                throw new StartException(e.getMessage(), e);
            } finally {
                if (!running) {
                    spawn.close();
                    spawn.awaitShimExit();
                    PostStop.run(dir, warnings);
                }
            }
            if (r.daemon()) {
                return 0;
            }
            try (InitSignals signals = InitSignals.forwardTo(spawn.initPid())) {
                int status = spawn.awaitExit();
                PostStop.run(dir, warnings);
                spawn.done();
                return status;
            }
        }
    }

    private Plan plan(Request r, RuntimeDir dir) throws StartException {
        PlanBuilder.Console console;
        if ("none".equals(r.config().consolePath())) {
            console = PlanBuilder.Console.NONE;
        } else if (r.daemon()) {
            console = PlanBuilder.Console.HELD;
        } else {
            // Relay only to a terminal on both ends: output redirected to a file gets plain stdio.
            console = ProcSelf.isTerminal(0) && ProcSelf.isTerminal(1)
                    ? PlanBuilder.Console.RELAYED : PlanBuilder.Console.MOUNTED;
        }
        String consoleLog = consoleLog(r);
        List<String> onExit = r.daemon()
                ? List.of(Installation.launcher().toString(), PostStopCommand.NAME, "--rundir", dir.dir().toString())
                : null;
        java.util.Map<String, String> shared =
                SharedNamespaces.resolve(r.config().namespaceShare(), r.shares(), r.lxcpath());
        return PlanBuilder.build(new PlanBuilder.Request(r.name(), r.config(), r.command(), r.underInit(), console,
                readFstab(r.config()), PlanBuilder.Host.probe(), consoleLog, onExit, shared,
                Hooks.configFile(r)));
    }

    private static String consoleLog(Request r) {
        return r.consoleLog() != null ? r.consoleLog().toString() : r.config().consoleLogfile();
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
        return Files.exists(Path.of("/sys/kernel/security/apparmor")) || Files.exists(Path.of("/sys/fs/selinux/enforce"));
    }

    /**
     * While a container runs in the foreground, SIGINT/SIGTERM/SIGHUP sent to this process go to
     * the container's init (which, as PID 1 of its namespace, acts on what it handles), instead
     * of killing the JVM before the post-stop work.
     */
    static final class InitSignals implements AutoCloseable {
        private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP");
        private final int initPid;
        private final java.util.Map<String, sun.misc.SignalHandler> previous = new java.util.HashMap<>();

        private InitSignals(int initPid) {
            this.initPid = initPid;
        }

        static InitSignals forwardTo(int initPid) {
            InitSignals s = new InitSignals(initPid);
            for (String name : FORWARDED) {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                s.previous.put(name, sun.misc.Signal.handle(signal, sig -> s.forward(sig.getNumber())));
            }
            return s;
        }

        private void forward(int signal) {
            try {
                Linux.kill(initPid, signal);
            } catch (ErrnoException ignored) {
                // init is already gone; its exit is on its way to us
            }
        }

        @Override
        public void close() {
            previous.forEach((name, handler) -> sun.misc.Signal.handle(new sun.misc.Signal(name), handler));
        }
    }
}
