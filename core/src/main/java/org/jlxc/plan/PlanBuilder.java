package org.jlxc.plan;

import static org.jlxc.linux.CloneFlags.*;
import static org.jlxc.linux.MountFlags.*;
import static org.jlxc.plan.Op.SOURCE_IN_ROOT;
import static org.jlxc.plan.Op.TARGET_IN_ROOT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jlxc.cgroup.CgroupLayout;
import org.jlxc.cgroup.Hierarchy;
import org.jlxc.config.ContainerConfig;
import org.jlxc.config.MountAuto;
import org.jlxc.config.MountEntry;
import org.jlxc.config.Network;

/**
 * Turns a container's configuration into the plan the shim runs (LXC's lxc_setup, as data).
 * Pure: everything it needs to know about the host comes in the {@link Request}, so it is
 * unit-tested without root.
 */
public final class PlanBuilder {
    private static final long PROC_FLAGS = MS_NOSUID | MS_NODEV | MS_NOEXEC;
    private static final int CAP_SYS_ADMIN = 21;
    private static final String DEV_TMPFS_SIZE = "500000";

    /**
     * @param command     argv of init (never empty)
     * @param underInit   run the command under the shim's minimal init as PID 1 (lxc-execute)
     * @param console     how the console is wired (see {@link Console})
     * @param mountFstab  the entries of lxc.mount.fstab, read by the caller
     * @param host        what the plan depends on in the host's kernel
     * @param consoleLog  the file the console's output is appended to, or null
     * @param onExit      daemon mode: the command the shim runs after init ended (post-stop), or null
     * @param sharedNs    namespaces joined instead of made ("net", "ipc", "uts", "pid" to a
     *                    /proc/PID/ns/TYPE path): --share-* and lxc.namespace.share.*
     * @param configFile  the container's config file, for the hooks' LXC_CONFIG_FILE; may be null
     * @param cleanup     daemon mode: the post-stop work the shim may do without running onExit, or null
     */
    public record Request(String name, ContainerConfig config, List<String> command, boolean underInit,
                          Console console, List<MountEntry> mountFstab, Host host, String consoleLog,
                          List<String> onExit, java.util.Map<String, String> sharedNs, Path configFile,
                          Op.Cleanup cleanup, Op.Seccomp seccomp) {
        /** Without a seccomp filter (lxc.seccomp.profile, read by the caller: the plan reads no file). */
        public Request(String name, ContainerConfig config, List<String> command, boolean underInit,
                       Console console, List<MountEntry> mountFstab, Host host, String consoleLog,
                       List<String> onExit, java.util.Map<String, String> sharedNs, Path configFile,
                       Op.Cleanup cleanup) {
            this(name, config, command, underInit, console, mountFstab, host, consoleLog, onExit, sharedNs,
                    configFile, cleanup, null);
        }

        /** Without a shim-side cleanup: onExit, if any, does all the post-stop work. */
        public Request(String name, ContainerConfig config, List<String> command, boolean underInit,
                       Console console, List<MountEntry> mountFstab, Host host, String consoleLog,
                       List<String> onExit, java.util.Map<String, String> sharedNs, Path configFile) {
            this(name, config, command, underInit, console, mountFstab, host, consoleLog, onExit, sharedNs,
                    configFile, null);
        }

        /** Without a config file for the hooks (LXC_CONFIG_FILE unset). */
        public Request(String name, ContainerConfig config, List<String> command, boolean underInit,
                       Console console, List<MountEntry> mountFstab, Host host, String consoleLog,
                       List<String> onExit, java.util.Map<String, String> sharedNs) {
            this(name, config, command, underInit, console, mountFstab, host, consoleLog, onExit, sharedNs, null);
        }

        /** A foreground start without console log: what most tests need. */
        public Request(String name, ContainerConfig config, List<String> command, boolean underInit,
                       boolean terminal, List<MountEntry> mountFstab) {
            this(name, config, command, underInit, terminal ? Console.RELAYED : Console.MOUNTED, mountFstab,
                    Host.TYPICAL, null, null, java.util.Map.of(), null);
        }
    }

    /** The console pty: plan op CONSOLE's modes. */
    public enum Console {
        /** lxc.console.path = none: no pty; init keeps the shim's stdio. */
        NONE(0),
        /** Foreground on a terminal: the pty is init's stdio, relayed to the terminal. */
        RELAYED(1),
        /** Foreground without a terminal: the pty is /dev/console; init keeps the caller's stdio. */
        MOUNTED(2),
        /** Daemon: the pty is init's stdio and /dev/console, held by the shim for lxc-console. */
        HELD(3);

        final int mode;

        Console(int mode) {
            this.mode = mode;
        }
    }

    /**
     * Kernel features that change the plan, probed by the caller on the host.
     *
     * @param sysrqTrigger the kernel has /proc/sysrq-trigger (CONFIG_MAGIC_SYSRQ)
     */
    public record Host(boolean sysrqTrigger, List<CgroupMount> cgroups) {
        /** A hybrid host like the one LXC's own tests run on. */
        public static final Host TYPICAL = new Host(true, List.of(new CgroupMount("memory", "cgroup", "memory"),
                new CgroupMount("unified", "cgroup2", "")));

        public static Host probe() {
            List<CgroupMount> cgroups = new ArrayList<>();
            for (Hierarchy h : CgroupLayout.ofHost().hierarchies()) {
                Path under = Path.of("/sys/fs/cgroup").relativize(h.mountPoint());
                if (!under.startsWith("..")) {
                    cgroups.add(new CgroupMount(under.toString(), h.unified() ? "cgroup2" : "cgroup", h.mountOptions()));
                }
            }
            return new Host(Files.exists(Path.of("/proc/sysrq-trigger")), List.copyOf(cgroups));
        }
    }

    /**
     * A host cgroup hierarchy as the container mounts it again for itself.
     *
     * @param dir     where under /sys/fs/cgroup ("memory", "unified"; "" for a pure v2 host)
     * @param fstype  "cgroup" or "cgroup2"
     * @param options the v1 controllers ("cpu,cpuacct", "name=systemd"); "" for cgroup2
     */
    public record CgroupMount(String dir, String fstype, String options) {}

    private final Request request;
    private final ContainerConfig config;
    private final Plan plan = new Plan();

    private PlanBuilder(Request request) {
        this.request = request;
        this.config = request.config();
    }

    public static Plan build(Request request) {
        return new PlanBuilder(request).build();
    }

    private Plan build() {
        plan.add(new Op.Namespaces(namespaces()), "the container's namespaces");
        for (var share : new java.util.TreeMap<>(request.sharedNs()).entrySet()) {
            plan.add(new Op.ShareNs((int) SHAREABLE.get(share.getKey()).longValue(), share.getValue()),
                    "sharing the " + share.getKey() + " namespace of " + share.getValue());
        }
        // The console is a pty (/dev/console); only a terminal gets it relayed, otherwise in the
        // foreground init keeps the caller's stdio, so output and exit status reach pipes too.
        // A peer device (lxc.console.path) is the console's terminal: the pty is init's stdio and
        // the shim relays it to the device alone, in the foreground as in a daemon.
        String peer = request.console() == Console.NONE ? null : ConsoleOptions.peer(config);
        plan.add(new Op.Console(peer != null ? Console.HELD.mode : request.console().mode), "the console");
        if (peer != null) {
            plan.add(new Op.ConsolePeer(peer), "lxc.console.path " + at("lxc.console.path"));
        }
        if (request.consoleLog() != null) {
            plan.add(new Op.ConsoleLog(request.consoleLog()), "lxc.console.logfile " + at("lxc.console.logfile"));
            // LXC ignores lxc.console.rotate without a size: the log then grows without limit.
            long size = ConsoleOptions.logSize(config);
            if (size > 0) {
                plan.add(new Op.ConsoleLogSize(size, config.consoleRotate() == Boolean.TRUE),
                        "lxc.console.size " + at("lxc.console.size"));
            }
        }
        long ring = ConsoleOptions.bufferSize(config);
        if (ring > 0 && request.console() != Console.NONE) {
            plan.add(new Op.ConsoleBuffer(ring), "lxc.console.buffer.size " + at("lxc.console.buffer.size"));
        }
        if (request.onExit() != null) {
            plan.add(new Op.OnExit(request.onExit()), "the post-stop work");
        }
        if (request.cleanup() != null) {
            plan.add(request.cleanup(), "the post-stop work");
        }
        if (ownUserns()) {
            // As LXC: the console belongs to the container's root; the child becomes that root
            // first thing after GO (Java wrote the maps), so all it makes is the container's.
            IdMaps maps = IdMaps.of(config);
            String cause = "lxc.idmap (" + maps.origins(org.jlxc.config.IdMap.Type.UID) + ")";
            if (request.console() != Console.NONE) {
                plan.add(new Op.ConsoleOwner((int) maps.hostId(org.jlxc.config.IdMap.Type.UID, 0),
                        (int) maps.hostId(org.jlxc.config.IdMap.Type.GID, 0)), cause);
            }
            plan.add(new Op.UsernsRoot(), cause);
        }
        // The cgroup namespace is unshared only after Java put the child in its cgroups, so
        // that the container sees its own cgroup as the root.
        if (ownCgroupNs()) plan.add(new Op.Unshare(CLONE_NEWCGROUP), "the cgroup namespace");
        if ((NamespaceChoice.of(config, request.sharedNs().keySet()) & org.jlxc.linux.CloneFlags.CLONE_NEWTIME) != 0) {
            // As LXC's do_start, after the cgroup namespace: the clocks' offsets, then init joins it.
            TimeOffsets boot = TimeOffsets.parse(config.timeOffsetBoot());
            TimeOffsets mono = TimeOffsets.parse(config.timeOffsetMonotonic());
            String key = config.timeOffsetBoot() != null ? "lxc.time.offset.boot" : "lxc.time.offset.monotonic";
            plan.add(new Op.Timens(boot.seconds(), boot.nanoseconds(), mono.seconds(), mono.nanoseconds()),
                    key + " " + at(key));
        }
        // Every namespace is final now, and /proc still the host's: the shim keeps the ones made
        // for the container, for lxc.hook.stop (LXC's monitor keeps the ones it cloned).
        plan.add(new Op.KeepNs((namespaces() & ~CLONE_NEWUSER) | (ownCgroupNs() ? CLONE_NEWCGROUP : 0)),
                "the namespaces for lxc.hook.stop");
        // LXC's monitor sets them on the child (setup_resource_limits) before it sets itself up.
        // In a user namespace the child could not raise a hard limit: Java sets them (UserNamespace).
        if (!ownUserns()) {
            for (var limit : config.prlimits().entrySet()) {
                String key = "lxc.prlimit." + limit.getKey();
                plan.add(new Op.SetRlimit(Rlimits.number(limit.getKey()), limit.getValue().soft(),
                        limit.getValue().hard()), key + " " + at(key));
            }
        }
        // Nothing the container mounts may propagate back to the host, whatever the host's /.
        plan.add(new Op.Mount("", "/", "", MS_REC | MS_SLAVE, "", 0), "mount propagation (rslave)");
        hooks("pre-mount");
        if (config.rootfs() != null) {
            buildRootfs();
        } else {
            buildHostRoot();
        }
        buildIdentity();
        return plan;
    }

    /** The namespaces a container may join instead of making its own, by their /proc/PID/ns names. */
    public static final java.util.Map<String, Long> SHAREABLE = java.util.Map.of(
            "net", CLONE_NEWNET, "ipc", CLONE_NEWIPC, "uts", CLONE_NEWUTS, "pid", CLONE_NEWPID);

    /** The namespaces cloned with init (the cgroup one is unshared later, see build). */
    private long namespaces() {
        // Not the cgroup and time ones: unshared by the child (and CLONE_NEWTIME is a signal number to clone(2)).
        return NamespaceChoice.of(config, request.sharedNs().keySet()) & ~(CLONE_NEWCGROUP | CLONE_NEWTIME);
    }

    private boolean ownCgroupNs() {
        return (NamespaceChoice.of(config, request.sharedNs().keySet()) & CLONE_NEWCGROUP) != 0;
    }

    private boolean ownUserns() {
        return (namespaces() & CLONE_NEWUSER) != 0;
    }

    private boolean ownNetns() {
        return (namespaces() & CLONE_NEWNET) != 0;
    }

    private void buildRootfs() {
        String rootfs = config.rootfs().path();
        String rootfsKey = "lxc.rootfs.path " + at("lxc.rootfs.path");
        // As LXC: the rootfs is mounted at lxc.rootfs.mount (LXC_ROOTFS_MOUNT for the hooks) and
        // entered from there; in the container's mount namespace, so containers do not meet.
        String mount = config.rootfs().mountPoint();
        if (config.rootfs().mount() == null && mount.equals(org.jlxc.config.Rootfs.JLXC_MOUNT)) {
            plan.add(new Op.Mkdir(mount, 0755, 0), "the rootfs mount point (no LXC installed: jlxc's own)");
        }
        String mountKey = config.rootfs().mount() != null ? "lxc.rootfs.mount " + at("lxc.rootfs.mount") : rootfsKey;
        String options = config.rootfs().options();
        org.jlxc.config.OverlayRootfs overlay = config.rootfs().overlay();
        if (overlay != null) {
            // LXC's ovl_mount: lxc.rootfs.options' flags on the mount, their data after overlayfs's own.
            MountOptions o = options == null || options.isBlank() ? MountOptions.parse(List.of())
                    : MountOptions.parse(List.of(options.split(",")));
            plan.add(new Op.Mount("overlay", mount, "overlay", o.flags(), overlay.mountData(o.data()), 0), mountKey);
        } else {
            plan.add(new Op.Mount(rootfs, mount, "", MS_BIND | MS_REC, "", 0), mountKey);
        }
        if (overlay == null && options != null && !options.isBlank()) {
            MountOptions o = MountOptions.parse(List.of(options.split(",")));
            plan.add(new Op.Mount("", mount, "", MS_REMOUNT | MS_BIND | o.flags(), "", 0),
                    "lxc.rootfs.options " + at("lxc.rootfs.options"));
        }
        plan.add(new Op.Rootfs(mount), rootfsKey);
        boolean autodev = config.autodev() == null || config.autodev();
        if (autodev) {
            String cause = "lxc.autodev " + at("lxc.autodev");
            plan.add(new Op.Mkdir("dev", 0755, TARGET_IN_ROOT), cause);
            String size = config.autodevTmpfsSize() == null || config.autodevTmpfsSize() == 0 ? DEV_TMPFS_SIZE
                    : config.autodevTmpfsSize().toString();
            plan.add(new Op.Mount("none", "dev", "tmpfs", 0, "size=" + size + ",mode=755", TARGET_IN_ROOT),
                    config.autodevTmpfsSize() != null ? "lxc.autodev.tmpfs.size " + at("lxc.autodev.tmpfs.size") : cause);
        }
        buildMountAutoProcSys();
        buildMountEntries();
        buildMountAutoCgroup();
        hooks("mount");
        if (autodev) {
            hooks("autodev");
            fillDev();
        }
        buildDevpts();
        buildTtys();
        if (config.mountAuto().proc() != MountAuto.Proc.NONE) {
            bootId();
        }
        plan.add(new Op.PivotRoot(), "lxc.rootfs.path " + at("lxc.rootfs.path"));
    }

    /** No rootfs: the container sees the host's tree, with its own /proc when asked. */
    private void buildHostRoot() {
        buildMountAutoProcSys();
        buildMountEntries();
        buildMountAutoCgroup();
        hooks("mount");
    }

    /**
     * The container-side hooks of one type, run by the child where they stand in the plan.
     * Their environment is added to the one the child inherited (the caller's, as in LXC).
     */
    private void hooks(String type) {
        for (HookCommand h : HookCommand.of(config, hookContext(), type)) {
            plan.add(new Op.Hook(h.argv(), h.env()), h.cause());
        }
    }

    private HookCommand.Context hookContext() {
        return new HookCommand.Context(request.name(), request.configFile(), request.consoleLog());
    }

    /** lxc.mount.fstab's entries, then lxc.mount.entry's, in order (as LXC). */
    private void buildMountEntries() {
        for (MountEntry e : request.mountFstab()) {
            addMountEntry(e, "lxc.mount.fstab " + e.origin());
        }
        for (MountEntry e : config.mountEntries()) {
            addMountEntry(e, "lxc.mount.entry " + e.origin());
        }
    }

    /** Without a rootfs, paths are used as they are in the container's copy of the host's tree. */
    private int inRoot() {
        return config.rootfs() != null ? TARGET_IN_ROOT : 0;
    }

    private String path(String relative) {
        return config.rootfs() != null ? relative : "/" + relative;
    }

    private void buildMountAutoProcSys() {
        MountAuto auto = config.mountAuto();
        String cause = "lxc.mount.auto " + at("lxc.mount.auto");
        int r = inRoot();
        if (auto.proc() != MountAuto.Proc.NONE) {
            plan.add(new Op.Mkdir(path("proc"), 0755, r), cause);
            plan.add(new Op.Mount("proc", path("proc"), "proc", PROC_FLAGS, "", r), cause);
            if (auto.proc() == MountAuto.Proc.MIXED) {
                // /proc/sys read-only, except /proc/sys/net of the container's own network namespace.
                int both = r == 0 ? 0 : TARGET_IN_ROOT | SOURCE_IN_ROOT;
                plan.add(new Op.Mount(path("proc/sys"), path("proc/sys"), "", MS_BIND, "", both), cause);
                plan.add(new Op.Mount("", path("proc/sys"), "", MS_REMOUNT | MS_BIND | MS_RDONLY, "", r), cause);
                if (ownNetns()) {
                    // Its own network namespace is the container's to configure.
                    plan.add(new Op.Mount(path("proc/sys/net"), path("proc/sys/net"), "", MS_BIND, "", both), cause);
                    plan.add(new Op.Mount("", path("proc/sys/net"), "", MS_REMOUNT | MS_BIND, "", r), cause);
                }
                if (request.host().sysrqTrigger()) {
                    plan.add(new Op.Mount(path("proc/sysrq-trigger"), path("proc/sysrq-trigger"), "", MS_BIND, "",
                            both), cause);
                    plan.add(new Op.Mount("", path("proc/sysrq-trigger"), "", MS_REMOUNT | MS_BIND | MS_RDONLY, "",
                            r), cause);
                }
            }
        }
        if (auto.sys() != MountAuto.Sys.NONE) {
            plan.add(new Op.Mkdir(path("sys"), 0755, r), cause);
            switch (auto.sys()) {
                case RO -> plan.add(new Op.Mount("sysfs", path("sys"), "sysfs", MS_RDONLY, "", r), cause);
                case RW -> plan.add(new Op.Mount("sysfs", path("sys"), "sysfs", 0, "", r), cause);
                case MIXED -> {
                    int both = r == 0 ? 0 : TARGET_IN_ROOT | SOURCE_IN_ROOT;
                    plan.add(new Op.Mount("sysfs", path("sys"), "sysfs", PROC_FLAGS, "", r), cause);
                    plan.add(new Op.Mount(path("sys/devices/virtual/net"), path("sys/devices/virtual/net"), "",
                            MS_BIND, "", both), cause);
                    plan.add(new Op.Mount("", path("sys"), "", MS_REMOUNT | MS_BIND | MS_RDONLY | PROC_FLAGS, "", r),
                            cause);
                }
                case NONE -> throw new AssertionError();
            }
        }
    }

    /**
     * lxc.mount.auto cgroup: the container has its own cgroup namespace, so (as LXC 5) the plain
     * forms are left to the container, which mounts what it needs; `:force` mounts each host
     * hierarchy again from inside the namespace, so each shows the container's own cgroup as
     * its root. `cgroup2[:ro]:force` mounts the unified hierarchy alone on /sys/fs/cgroup.
     */
    private void buildMountAutoCgroup() {
        MountAuto auto = config.mountAuto();
        String cause = "lxc.mount.auto " + at("lxc.mount.auto");
        int r = inRoot();
        long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
        if (auto.cgroup2Force() && auto.cgroup2() != MountAuto.Cgroup2.NONE) {
            long ro = auto.cgroup2() == MountAuto.Cgroup2.RO ? MS_RDONLY : 0;
            plan.add(new Op.Mkdir(path("sys/fs/cgroup"), 0755, r), cause);
            plan.add(new Op.Mount("cgroup2", path("sys/fs/cgroup"), "cgroup2", flags | ro, "", r), cause);
            return;
        }
        if (auto.cgroup() == MountAuto.Cgroup.NONE) {
            return;
        }
        List<CgroupMount> mounts = request.host().cgroups();
        boolean pureV2 = mounts.size() == 1 && mounts.getFirst().dir().isEmpty();
        // As LXC 5: in its cgroup namespace a container that keeps CAP_SYS_ADMIN mounts its cgroups
        // itself, unless :force; one without it cannot, and a pure cgroup2 host's distributions
        // often would not: then they are mounted for it.
        boolean keepsSysAdmin = (capabilitiesToDrop(config) & 1L << CAP_SYS_ADMIN) == 0;
        if (!auto.cgroupForce() && keepsSysAdmin && !pureV2) {
            return;
        }
        // Only ro differs: in a cgroup namespace the parents that mixed makes read-only are not
        // visible at all, and the root shown is the container's own cgroup, writable in mixed and rw.
        long ro = auto.cgroup() == MountAuto.Cgroup.RO || auto.cgroup() == MountAuto.Cgroup.FULL_RO ? MS_RDONLY : 0;
        // Sources "none", as LXC's mounts show in the container's /proc/mounts.
        if (!pureV2) {
            plan.add(new Op.Mkdir(path("sys/fs/cgroup"), 0755, r), cause);
            plan.add(new Op.Mount("none", path("sys/fs/cgroup"), "tmpfs", flags, "size=10240k,mode=755", r), cause);
        }
        for (CgroupMount m : mounts) {
            String target = m.dir().isEmpty() ? path("sys/fs/cgroup") : path("sys/fs/cgroup/" + m.dir());
            plan.add(new Op.Mkdir(target, 0755, r), cause);
            plan.add(new Op.Mount("none", target, m.fstype(), flags | ro, m.options(), r), cause);
        }
    }


    private void addMountEntry(MountEntry e, String cause) {
        MountOptions o = MountOptions.parse(e.options());
        String target = relativeTarget(e.target());
        int resolve = inRoot();
        int sourceResolve = e.relative() ? SOURCE_IN_ROOT : 0;
        List<Op> ops = new ArrayList<>();
        if ("dir".equals(e.create())) {
            ops.add(new Op.Mkdir(target, 0755, resolve));
        } else if ("file".equals(e.create())) {
            int slash = target.lastIndexOf('/');
            if (slash > 0) ops.add(new Op.Mkdir(target.substring(0, slash), 0755, resolve));
            ops.add(new Op.CreateFile(target, 0644, resolve));
        }
        ops.add(new Op.Mount(e.source(), target, e.fstype(), o.flags() & ~MS_REMOUNT, o.data(),
                resolve | sourceResolve));
        // A bind takes the source's flags; ro/nosuid/... on a bind need a remount (as mount(8)).
        long extra = o.flags() & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME);
        if (o.remount() || (o.bind() && extra != 0)) {
            ops.add(new Op.Mount("", target, "", MS_REMOUNT | MS_BIND | extra, "", resolve));
        }
        if (o.propagation() != 0) {
            ops.add(new Op.Mount("", target, "", o.propagation(), "", resolve));
        }
        for (Op op : ops) {
            if (e.optional()) plan.addOptional(op, cause);
            else plan.add(op, cause);
        }
    }

    /** fstab targets are relative to the rootfs; an absolute one under the rootfs path is made relative. */
    private String relativeTarget(String target) {
        if (config.rootfs() == null) {
            return target;
        }
        String t = target;
        // LXC takes absolute targets under the rootfs path or where it is mounted.
        for (String prefix : List.of(config.rootfs().path(), config.rootfs().mountPoint())) {
            if (t.startsWith(prefix + "/")) {
                t = t.substring(prefix.length() + 1);
                break;
            }
        }
        while (t.startsWith("/")) t = t.substring(1);
        return t;
    }

    /** The device nodes and links LXC 5's autodev makes in the /dev tmpfs. */
    private void fillDev() {
        String cause = "lxc.autodev " + at("lxc.autodev");
        record Node(String name, int major, int minor) {}
        for (Node n : List.of(new Node("full", 1, 7), new Node("null", 1, 3), new Node("random", 1, 8),
                new Node("tty", 5, 0), new Node("urandom", 1, 9), new Node("zero", 1, 5))) {
            if (ownUserns()) {
                // No mknod in a user namespace: as LXC, the host's node is bind-mounted on a file.
                plan.add(new Op.CreateFile("dev/" + n.name(), 0, TARGET_IN_ROOT), cause);
                plan.add(new Op.Mount("/dev/" + n.name(), "dev/" + n.name(), "", MS_BIND, "", TARGET_IN_ROOT), cause);
            } else {
                plan.add(new Op.Mknod("dev/" + n.name(), 0020666, makedev(n.major(), n.minor()), TARGET_IN_ROOT),
                        cause);
            }
        }
        plan.add(new Op.Symlink("/proc/self/fd", "dev/fd", TARGET_IN_ROOT), cause);
        plan.add(new Op.Symlink("/proc/self/fd/0", "dev/stdin", TARGET_IN_ROOT), cause);
        plan.add(new Op.Symlink("/proc/self/fd/1", "dev/stdout", TARGET_IN_ROOT), cause);
        plan.add(new Op.Symlink("/proc/self/fd/2", "dev/stderr", TARGET_IN_ROOT), cause);
    }

    /** A private devpts instance, as LXC 5 mounts whenever pty.max + tty.max > 0. */
    private void buildDevpts() {
        int max = orZero(config.ptyMax()) + orZero(config.ttyMax());
        if (max <= 0) {
            if (config.autodev() == null || config.autodev()) {
                // As LXC: the directory is there, empty, for the container to mount its own devpts.
                plan.add(new Op.Mkdir("dev/pts", 0755, TARGET_IN_ROOT), "lxc.autodev " + at("lxc.autodev"));
            }
            return;
        }
        String cause = "lxc.pty.max " + at("lxc.pty.max");
        plan.add(new Op.Mkdir("dev/pts", 0755, TARGET_IN_ROOT), cause);
        // The kernel refuses gid=5 when the container has no gid 5 (LXC leaves it out then).
        boolean tty5 = !ownUserns() || IdMaps.of(config).maps(org.jlxc.config.IdMap.Type.GID, 5);
        plan.add(new Op.Mount("devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                "newinstance,ptmxmode=0666,mode=0620," + (tty5 ? "gid=5," : "") + "max=" + max, TARGET_IN_ROOT), cause);
        plan.add(new Op.CreateFile("dev/ptmx", 0666, TARGET_IN_ROOT), cause);
        plan.add(new Op.Mount("dev/pts/ptmx", "dev/ptmx", "", MS_BIND, "", TARGET_IN_ROOT | SOURCE_IN_ROOT),
                cause);
    }

    /** The ttys are allocated in the container's devpts (as LXC 5 does), so they need a rootfs. */
    private int ttyCount() {
        return config.rootfs() == null ? 0 : orZero(config.ttyMax());
    }

    /**
     * The console and ttys: host pty slaves bind-mounted on /dev/console and /dev/ttyN, or
     * in /dev/DIR with links to them when lxc.tty.dir is set.
     */
    private void buildTtys() {
        String dir = config.ttyDir();
        String ttyCause = "lxc.tty.max " + at("lxc.tty.max");
        if (dir != null) {
            plan.add(new Op.Mkdir("dev/" + dir, 0755, TARGET_IN_ROOT), "lxc.tty.dir " + at("lxc.tty.dir"));
        }
        String console = dir == null ? "dev/console" : "dev/" + dir + "/console";
        if (request.console() != Console.NONE) {
            plan.add(new Op.CreateFile(console, 0600, TARGET_IN_ROOT), "the console");
            plan.add(new Op.ConsoleMount(console, TARGET_IN_ROOT), "the console");
        }
        if (dir != null && request.console() != Console.NONE) {
            // LXC binds the console on /dev/console too, not a link: a link would not survive
            // software that replaces /dev/console.
            plan.add(new Op.CreateFile("dev/console", 0600, TARGET_IN_ROOT), "the console");
            plan.add(new Op.ConsoleMount("dev/console", TARGET_IN_ROOT), "the console");
        }
        if (ttyCount() == 0) {
            return;
        }
        plan.add(new Op.Ttys(ttyCount()), ttyCause);
        // lxc-execute runs a command, not a system: like LXC it gets the ttys but no /dev/ttyN.
        for (int i = 1; i <= ttyCount() && !request.underInit(); i++) {
            String dev = dir == null ? "dev/tty" + i : "dev/" + dir + "/tty" + i;
            plan.add(new Op.CreateFile(dev, 0600, TARGET_IN_ROOT), ttyCause);
            plan.add(new Op.TtyMount(i, dev, TARGET_IN_ROOT), ttyCause);
            if (dir != null) plan.add(new Op.Symlink(dir + "/tty" + i, "dev/tty" + i, TARGET_IN_ROOT), ttyCause);
        }
    }

    /** A boot id of the container's own, as LXC gives it, so tools that key on it see a new boot. */
    private void bootId() {
        String cause = "lxc.mount.auto " + at("lxc.mount.auto");
        String file = (config.autodev() == null || config.autodev()) ? "dev/.lxc-boot-id" : null;
        if (file == null) return;
        plan.add(new Op.CreateFile(file, 0444, TARGET_IN_ROOT), cause);
        plan.add(new Op.WriteFile(file, UUID.randomUUID() + "\n", TARGET_IN_ROOT), cause);
        plan.add(new Op.Mount(file, "proc/sys/kernel/random/boot_id", "", MS_BIND,
                "", TARGET_IN_ROOT | SOURCE_IN_ROOT), cause);
        plan.add(new Op.Mount("", "proc/sys/kernel/random/boot_id", "",
                MS_REMOUNT | MS_BIND | MS_RDONLY | PROC_FLAGS, "", TARGET_IN_ROOT), cause);
    }

    private void buildIdentity() {
        // A shared UTS namespace keeps its owner's host name, as in LXC.
        if (config.utsName() != null && !request.sharedNs().containsKey("uts")) {
            plan.add(new Op.SetHostname(config.utsName()), "lxc.uts.name " + at("lxc.uts.name"));
        }
        // As LXC's lxc_setup: a session keyring of its own unless lxc.keyring.session = 0.
        if (!Boolean.FALSE.equals(config.keyringSession())) {
            plan.add(new Op.Keyring(), "lxc.keyring.session " + at("lxc.keyring.session"));
        }
        // Then, as LXC after the switch to the rootfs: the personality, the sysctls, the capabilities.
        if (config.arch() != null) {
            plan.add(new Op.Personality(Personalities.of(config.arch())), "lxc.arch " + at("lxc.arch"));
        }
        for (var sysctl : config.sysctls().entrySet()) {
            String key = "lxc.sysctl." + sysctl.getKey();
            plan.add(new Op.WriteFile("/proc/sys/" + sysctl.getKey().replace('.', '/'), sysctl.getValue(), 0),
                    key + " " + at(key));
        }
        long drop = capabilitiesToDrop(config);
        if (drop != 0) {
            String key = config.capKeep().isEmpty() && !config.capKeepNone() ? "lxc.cap.drop" : "lxc.cap.keep";
            plan.add(new Op.CapBoundDrop(drop), key + " " + at(key));
        }
        // As LXC's do_start: after the security label, before the seccomp filter and the start hooks.
        if (Boolean.TRUE.equals(config.noNewPrivs())) {
            plan.add(new Op.NoNewPrivs(), "lxc.no_new_privs " + at("lxc.no_new_privs"));
        }
        seccomp();
        // As LXC: after pivot_root and the capability drop, still as root, before the environment
        // is replaced; the shell is the container's own /bin/sh.
        hooks("start");
        int uid = config.initUid() == null ? 0 : config.initUid().intValue();
        int gid = config.initGid() == null ? 0 : config.initGid().intValue();
        List<Integer> groups = config.initGroups().stream().map(Long::intValue).toList();
        plan.add(new Op.Ids(uid, gid, groups), "lxc.init.uid/gid/groups");
        // After the ids, which re-arm SIGKILL (the kernel clears it when credentials change), as LXC.
        Integer pdeath = config.monitorPdeathSignal();
        if (pdeath != null && pdeath != 9) {
            plan.add(new Op.Pdeathsig(pdeath), "lxc.monitor.signal.pdeath " + at("lxc.monitor.signal.pdeath"));
        }
        String cwd = config.initCwd() == null ? "/" : config.initCwd();
        plan.add(new Op.Chdir(cwd), "lxc.init.cwd " + at("lxc.init.cwd"));
        List<String> env = new ArrayList<>();
        env.add("container=lxc");
        for (String e : config.environment()) {
            env.removeIf(old -> old.startsWith(name(e) + "="));
            env.add(e.contains("=") ? e : e + "=" + System.getenv().getOrDefault(e, ""));
        }
        plan.add(new Op.Env(env), "lxc.environment");
        List<HookCommand> startHost = HookCommand.of(config, hookContext(), "start-host");
        if (!startHost.isEmpty()) {
            // The setup is done: the child waits while Java runs the start-host hooks on the host.
            plan.add(new Op.StartHost(), startHost.getFirst().cause());
        }
        if (request.underInit()) {
            plan.add(new Op.ExecInit(request.command()), "the command");
        } else {
            plan.add(new Op.Exec(request.command()), "the command");
        }
    }

    /** As LXC's lxc_seccomp_load: after the setup and the capability drop, before the start hooks. */
    private void seccomp() {
        if (request.seccomp() != null) {
            plan.add(request.seccomp(), "lxc.seccomp.profile " + at("lxc.seccomp.profile"));
        }
    }

    /** The bounding-set capabilities lxc.cap.drop / lxc.cap.keep take away (also lxc-attach's). */
    public static long capabilitiesToDrop(ContainerConfig config) {
        long mask = 0;
        if (config.capKeepNone() || !config.capKeep().isEmpty()) {
            // Every capability but the kept ones, also those newer than our table: the shim
            // skips the ones this kernel does not know.
            long keep = 0;
            for (int cap : config.capKeep()) keep |= 1L << cap;
            mask = ~keep;
        } else {
            for (int cap : config.capDrop()) mask |= 1L << cap;
        }
        return mask;
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    private static String name(String envEntry) {
        int eq = envEntry.indexOf('=');
        return eq < 0 ? envEntry : envEntry.substring(0, eq);
    }

    /** "(FILE:LINE)" of the last line that set the key, or "" when none did. */
    private String at(String key) {
        return config.lines().stream().filter(l -> l.key().equals(key)).reduce((a, b) -> b)
                .map(l -> "(" + l.origin() + ")").orElse("");
    }

    private static long makedev(int major, int minor) {
        return ((long) (major & 0xfff) << 8) | (minor & 0xff) | ((long) (minor & ~0xff) << 12)
                | ((long) (major & ~0xfff) << 32);
    }
}
