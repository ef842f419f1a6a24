package org.jlxc.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.jlxc.cgroup.CgroupException;
import org.jlxc.cgroup.CgroupLayout;
import org.jlxc.cgroup.CgroupLimits;
import org.jlxc.cgroup.CgroupPlacement;
import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.cgroup.DeviceController;
import org.jlxc.cgroup.DeviceRules;
import org.jlxc.config.ConfigException;
import org.jlxc.config.ContainerConfig;
import org.jlxc.config.MountEntry;
import org.jlxc.linux.ErrnoException;
import org.jlxc.linux.Linux;
import org.jlxc.linux.ProcSelf;
import org.jlxc.plan.ConsoleOptions;
import org.jlxc.plan.Plan;
import org.jlxc.plan.PlanBuilder;

/**
 * Starts a container (LXC's __lxc_start): check the config, plan, let the shim take the
 * container's lock, put the shim in its own cgroup (LXC's monitor_create and monitor_enter),
 * create the container's cgroups, run the plan. In the foreground it then waits for
 * init's end and does the post-stop work; a daemon start returns once init runs and leaves
 * the shim to supervise it alone, with the post-stop work as its exit command.
 *
 * <p>An init killed by SIGHUP asked for a reboot (reboot(2) in its PID namespace): after the
 * post-stop work the container starts again with the same config in the same shim (LXC's
 * lxcapi_start loop). In the foreground this start does it; in daemon mode the shim's exit
 * command does ({@link #reboot}), from what the first start kept in the runtime directory.
 */
public final class Starter {
    private static final System.Logger LOG = org.jlxc.log.Log.logger(Starter.class.getName());
    /** The signal that killed an init that called reboot(2) for a restart. */
    static final int SIGHUP = 1;

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
        ConsolePeerCheck.check(r.config());
        UserNamespace.check(r.config()); // maps the kernel would refuse, a rootfs its root cannot use
        if (!r.shares().isEmpty() && !r.config().idmaps().isEmpty()) {
            throw new StartException("not supported yet: --share-" + r.shares().keySet().iterator().next()
                    + " with lxc.idmap (" + r.config().originOf("lxc.idmap") + ")");
        }
        deviceRules(r.config()); // a bad devices line fails here, before anything runs
        networkPlan(r.config()); // so does a bad network
        RuntimeDir dir = RuntimeDir.of(runDir, r.lxcpath(), r.name());
        // Chosen before planning: the shim's CLEANUP and LEAVE_CGROUP name the same directories.
        Cgroups cgroups = chooseCgroups(r);
        ContainerCgroup cgroup = cgroups.payload();
        Plan plan = plan(r, dir, cgroups); // a bad seccomp profile fails here
        makeOverlayDirs(r.config());
        try {
            dir.create();
        } catch (IOException e) {
            throw new StartException("cannot create the runtime directory " + dir.dir() + ": " + e.getMessage(), e);
        }
        try (Spawn spawn = Spawn.launch(shim, runDir, dir, r.daemon(), r.pidfile(), warnings)) {
            // The shim holds the container's lock: from here on this start owns it.
            run(spawn, r, dir, plan, cgroups, true);
            if (r.daemon()) {
                return 0;
            }
            try (InitSignals signals = InitSignals.forwardTo(spawn.initPid())) {
                while (true) {
                    int status = spawn.awaitExit();
                    PostStop.run(dir, requestedReboot(status), status, warnings);
                    if (!requestedReboot(status)) {
                        spawn.done();
                        return status;
                    }
                    // The same plan (LXC reuses its lxc_conf: the config is not read again).
                    LOG.log(System.Logger.Level.INFO, "container requested reboot");
                    // The shim stays in its cgroup across the reboot, as LXC's monitor.
                    run(spawn, r, dir, plan, cgroups, false);
                    signals.retarget(spawn.initPid());
                }
            }
        }
    }

    /**
     * The shim's exit command after init was killed by SIGHUP, the post-stop work done: starts
     * the container again in the same shim, from the config and arguments the first start kept
     * in `dir`, and returns once it runs (the shim supervises it alone again).
     */
    public void reboot(RuntimeDir dir, Inputs inputs) throws StartException {
        Request r = new Request(inputs.name(), inputs.lxcpath(), inputs.config(), inputs.start().command(),
                inputs.start().underInit(), true, null, inputs.start().consoleLog(), inputs.start().shares());
        // The shim is still in the monitor cgroup the first start made: the same one again.
        Cgroups cgroups = new Cgroups(chooseCgroup(r), inputs.monitor(), pivot(r));
        Plan plan = plan(r, dir, cgroups);
        try (Spawn spawn = Spawn.restart(dir, warnings)) {
            run(spawn, r, dir, plan, cgroups, false);
        }
    }

    /**
     * What a daemon's reboot starts from, read before the post-stop work removes it.
     *
     * @param monitor the shim's cgroup (it stays in it), or null when the file is missing
     */
    public record Inputs(Path lxcpath, String name, ContainerConfig config, StartRecord start,
                         ContainerCgroup monitor) {
        /** @throws StartException when the runtime directory lacks or has damaged files */
        public static Inputs read(RuntimeDir dir, Consumer<String> warnings) throws StartException {
            List<String> container = dir.readContainer();
            if (container == null) throw new StartException(dir.container() + " is missing or damaged");
            try {
                return new Inputs(Path.of(container.get(0)), container.get(1),
                        ContainerConfig.load(dir.config(), warnings), StartRecord.load(dir.start()),
                        ContainerCgroup.load(dir.monitorCgroup(), CgroupLayout.ofHost()));
            } catch (ConfigException | IOException e) {
                throw new StartException("cannot read what the container was started with: " + e.getMessage(), e);
            }
        }
    }

    /** Whether init's wait status says it was killed by SIGHUP: a reboot. */
    public static boolean requestedReboot(int waitStatus) {
        return (waitStatus & 0x7f) == SIGHUP;
    }

    /**
     * One run in a shim that holds the lock: the run's files, the cgroups, the plan until RUNNING.
     * On failure the shim exits and the post-stop work undoes what was done.
     */
    private void run(Spawn spawn, Request r, RuntimeDir dir, Plan plan, Cgroups cgroups, boolean enterMonitor)
            throws StartException {
        ContainerCgroup cgroup = cgroups.payload();
        boolean running = false;
        NetworkSetup network = null;
        try {
            // Hooks: pre-start now (host, holding the lock, before anything is made); stop and
            // post-stop saved for PostStop; start-host when the child is set up. A reboot runs
            // them again, as LXC's every lxc_start does.
            Hooks.ForStart hooks = Hooks.ForStart.of(r, consoleLog(r));
            Hooks.runForStart(hooks.preStart());
            hooks.saveStopHooks(dir);
            if (r.daemon()) {
                // For a reboot by the shim's exit command, which has only the runtime directory.
                r.config().save(dir.config());
                StartRecord.of(r).save(dir.start());
            }
            if (enterMonitor && cgroups.monitor() != null) {
                // The shim (this start's monitor, in the foreground too: it is init's parent and
                // the pidfile's pid, as LXC's monitor) in its own cgroup before anything else is
                // made, as LXC's monitor_create + monitor_enter; the pivot it leaves it for at its
                // end made now, so that the shim only writes its pid (LEAVE_CGROUP).
                ContainerCgroup monitor = cgroups.monitor();
                cgroups.pivot().ensure();
                monitor.create();
                monitor.save(dir.monitorCgroup());
                monitor.attach(spawn.shimPid());
            } else if (cgroups.monitor() != null) {
                // The post-stop work of the run before a reboot removed the file, not the cgroup.
                cgroups.monitor().save(dir.monitorCgroup());
            }
            cgroup.create();
            // Only now: the post-stop work removes the cgroup these files name, and one that
            // create() refused is someone else's.
            cgroup.save(dir.cgroup());
            dir.writeContainer(r.lxcpath(), r.name());
            if (Boolean.TRUE.equals(r.config().ephemeral())) Files.writeString(dir.ephemeral(), "");
            // Between the cgroup's making and init's first instruction, as LXC's setup_limits;
            // a failure ends the start, and the post-stop work below removes the cgroup.
            CgroupLimits.delegate(cgroup);
            CgroupLimits.apply(cgroup, r.config().cgroupSettings(), warnings);
            // Before init is moved into the cgroup: it never runs with more device access.
            DeviceController.forHierarchies(cgroup.hierarchies()).apply(cgroup, deviceRules(r.config()), warnings);
            // lxc.cgroup.dir.container.inner: init one level below the limits (made after the
            // delegation, so that on cgroup2 it gets the controllers); the payload's cgroup
            // stays what everything else (limits, freezing, statistics, removal) acts on.
            String inner = placement(r.config()).inner();
            ContainerCgroup initCgroup = inner == null ? cgroup : ContainerCgroup.at(cgroup.layout(), cgroup.path() + "/" + inner);
            if (inner != null) initCgroup.ensure();
            org.jlxc.plan.IdMaps idmaps = org.jlxc.plan.IdMaps.of(r.config());
            if (!idmaps.isEmpty()) UserNamespace.chownCgroup(cgroup, idmaps);
            // Each run its own plan: a reboot gets fresh generated names (the old ones may linger
            // while the kernel frees the previous namespace).
            NetworkSetup net = new NetworkSetup(r.config(), networkPlan(r.config()), hooks.context(), dir, warnings);
            network = net;
            // As LXC: init's pid for start-host and after; the namespaces the shim keeps for stop.
            spawn.run(plan, initCgroup, pid -> {
                // First: the child waits for its maps before it becomes its namespace's root.
                if (!idmaps.isEmpty()) {
                    UserNamespace.writeMaps(idmaps, pid);
                    UserNamespace.setLimits(r.config(), pid);
                }
                if (net.needed()) net.setUp(pid);
                ProcSettings.apply(r.config(), pid);
                CoreScheduling.apply(r.config(), r.shares().keySet(), pid, m -> LOG.log(System.Logger.Level.INFO, m));
            }, () -> Hooks.runForStart(hooks.startHost().stream()
                    .map(h -> h.withEnv(List.of("LXC_PID=" + spawn.initPid()))).toList()));
            running = true;
            net.committed(spawn.namespaces());
            try {
                Hooks.saveStopHooks(dir, Hooks.ForStart.stopHooks(r, consoleLog(r), spawn.initPid(), spawn.namespaces()));
            } catch (IOException e) {
                warnings.accept("the stop hooks will not get init's pid and namespaces: " + e.getMessage());
            }
        } catch (IOException | CgroupException e) {
            throw new StartException(e.getMessage(), e);
        } finally {
            if (!running) {
                // First, while the container's namespace is still held: a lent NIC goes back.
                if (network != null) network.abort();
                spawn.close();
                spawn.awaitShimExit();
                PostStop.run(dir, warnings);
            }
        }
    }

    /** An overlay rootfs's upper and work directories, made when missing, as LXC's ovl_mount does. */
    private static void makeOverlayDirs(ContainerConfig config) throws StartException {
        org.jlxc.config.OverlayRootfs overlay = config.rootfs() == null ? null : config.rootfs().overlay();
        if (overlay == null) return;
        for (String dir : List.of(overlay.upper(), overlay.work())) {
            try {
                Files.createDirectories(Path.of(dir));
            } catch (IOException e) {
                throw new StartException("lxc.rootfs.path (" + config.originOf("lxc.rootfs.path") + "): cannot create "
                        + dir + ": " + org.jlxc.store.TreeRemover.describe(e), e);
            }
        }
    }

    /** The seccomp filter, read and compiled once per run (LXC reads the policy before the clone). */
    private static org.jlxc.plan.Op.Seccomp seccomp(ContainerConfig config) throws StartException {
        try {
            return org.jlxc.seccomp.SeccompSetup.op(config);
        } catch (org.jlxc.seccomp.SeccompException e) {
            throw new StartException(e.getMessage(), e);
        }
    }

    static org.jlxc.net.NetworkPlan networkPlan(ContainerConfig config) throws StartException {
        try {
            // Not SecureRandom: generated device names and MACs need no secrecy, and its seeding costs ~20 ms.
            return org.jlxc.net.NetworkPlan.of(config, new java.util.SplittableRandom());
        } catch (ConfigException e) {
            throw new StartException(e.getMessage(), e);
        }
    }

    private static DeviceRules deviceRules(ContainerConfig config) throws StartException {
        try {
            return DeviceRules.of(config);
        } catch (CgroupException e) {
            throw new StartException(e.getMessage(), e);
        }
    }

    /**
     * The cgroups of one start: the payload's (init and the container), the monitor's (the
     * shim), and the pivot the shim moves to before removing its own at its end.
     */
    record Cgroups(ContainerCgroup payload, ContainerCgroup monitor, ContainerCgroup pivot) {}

    /** Both cgroups, each the first of its names no running process holds (as LXC, each its own suffix). */
    static Cgroups chooseCgroups(Request r) throws StartException {
        CgroupPlacement placement = placement(r.config());
        CgroupLayout layout = layout(r.config());
        try {
            // LXC makes the monitor's first.
            ContainerCgroup monitor = ContainerCgroup.chooseMonitor(layout, placement, r.name());
            return new Cgroups(ContainerCgroup.choose(layout, placement, r.name()), monitor,
                    ContainerCgroup.at(layout, placement.pivot()));
        } catch (CgroupException e) {
            throw new StartException(e.getMessage(), e);
        }
    }

    /**
     * The payload cgroup this start will use: lxc.cgroup.dir / dir.container placement below the
     * bases lxc.cgroup.relative picks, the first name no running process holds.
     */
    static ContainerCgroup chooseCgroup(Request r) throws StartException {
        try {
            return ContainerCgroup.choose(layout(r.config()), placement(r.config()), r.name());
        } catch (CgroupException e) {
            throw new StartException(e.getMessage(), e);
        }
    }

    private static ContainerCgroup pivot(Request r) throws StartException {
        return ContainerCgroup.at(layout(r.config()), placement(r.config()).pivot());
    }

    private static CgroupLayout layout(ContainerConfig c) {
        return CgroupLayout.ofHost(Boolean.TRUE.equals(c.cgroupRelative()));
    }

    private static CgroupPlacement placement(ContainerConfig c) throws StartException {
        try {
            return CgroupPlacement.of(c.cgroupDir(), c.cgroupDirContainer(), c.cgroupDirMonitor(), c.cgroupDirMonitorPivot(),
                    c.cgroupDirContainerInner());
        } catch (CgroupPlacement.BadKey e) {
            throw new StartException(e.getMessage() + " (" + origin(c, e.key()) + ")");
        }
    }

    private static String origin(ContainerConfig c, String key) {
        return c.lines().stream().filter(l -> l.key().equals(key)).reduce((a, b) -> b)
                .map(l -> l.origin().toString()).orElse(key);
    }

    /** The plan of one start (package-private for {@link StartRehearsal}). */
    Plan plan(Request r, RuntimeDir dir) throws StartException {
        CgroupLayout layout = CgroupLayout.ofHost();
        return plan(r, dir, new Cgroups(ContainerCgroup.of(layout, r.name()),
                ContainerCgroup.at(layout, CgroupPlacement.MONITOR_PREFIX + r.name()),
                ContainerCgroup.at(layout, CgroupPlacement.PIVOT)));
    }

    private Plan plan(Request r, RuntimeDir dir, Cgroups cgroups) throws StartException {
        ContainerCgroup cgroup = cgroups.payload();
        PlanBuilder.Console console;
        if ("none".equals(r.config().consolePath())) {
            console = PlanBuilder.Console.NONE;
        } else if (r.daemon() || ConsoleOptions.peer(r.config()) != null) {
            // A peer device (lxc.console.path) replaces the caller's terminal in the foreground.
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
        org.jlxc.plan.Op.Cleanup cleanup = r.daemon()
                ? PostStop.shimCleanup(Hooks.ForStart.of(r, consoleLog).stopHooks(), dir, cgroup,
                        org.jlxc.cgroup.OomKills.limited(r.config().cgroupSettings()),
                        NetworkSetup.needsTeardown(networkPlan(r.config())) || Boolean.TRUE.equals(r.config().ephemeral()))
                : null;
        java.util.Map<String, String> shared =
                SharedNamespaces.resolve(r.config().namespaceShare(), r.shares(), r.lxcpath());
        Plan plan = PlanBuilder.build(new PlanBuilder.Request(r.name(), r.config(), r.command(), r.underInit(), console,
                readFstab(r.config()), PlanBuilder.Host.probe(), consoleLog, onExit, shared,
                Hooks.configFile(r), cleanup, seccomp(r.config())));
        if (cgroups.monitor() != null) {
            plan.addFirst(leaveCgroup(cgroups), "the monitor's cgroup (" + cgroups.monitor().path() + ")");
        }
        return plan;
    }

    /**
     * The shim's last act (LXC's monitor_destroy): to the pivot, then its own cgroup removed. The
     * shim's, because nobody else can know when the last process in it is gone: in daemon mode the
     * post-stop command runs as the shim's child, in the monitor cgroup too, and in the foreground
     * the shim outlives Java's post-stop work. PostStop removes it only once it holds no process
     * (a dead shim, a failed start).
     */
    private static org.jlxc.plan.Op.LeaveCgroup leaveCgroup(Cgroups cgroups) {
        ContainerCgroup monitor = cgroups.monitor();
        List<String> procs = monitor.hierarchies().stream()
                .map(h -> cgroups.pivot().dirIn(h).resolve("cgroup.procs").toString()).toList();
        List<String> rmdirs = monitor.hierarchies().stream().map(h -> monitor.dirIn(h).toString()).toList();
        return new org.jlxc.plan.Op.LeaveCgroup(procs, rmdirs);
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
        private volatile int initPid;
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

        /** After a reboot: the new init. */
        void retarget(int pid) {
            initPid = pid;
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
