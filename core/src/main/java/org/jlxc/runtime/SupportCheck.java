package org.jlxc.runtime;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.jlxc.config.ConfigLine;
import org.jlxc.config.ContainerConfig;
import org.jlxc.config.MountAuto;
import org.jlxc.plan.MountOptions;

/**
 * Refuses to start a container whose config asks for something the runtime does not
 * enforce yet: a container never runs with part of its config silently ignored.
 * Grows as features land; each accepted key here must be enforced by the plan or the runtime.
 */
public final class SupportCheck {
    /** Keys the start enforces (canonical names; `N` stands for a network index). */
    private static final List<Pattern> ENFORCED = compile(
            "lxc\\.rootfs\\.(path|options|mount)",
            "lxc\\.uts\\.name",
            "lxc\\.mount\\.(auto|entry|fstab)",
            "lxc\\.autodev",
            "lxc\\.(pty|tty)\\.max", "lxc\\.tty\\.dir",
            "lxc\\.environment",
            // PlanBuilder (PERSONALITY, KEYRING, NO_NEW_PRIVS, SETRLIMIT, WRITE_FILE under /proc/sys, the
            // /dev tmpfs size) and ProcSettings (/proc/INIT/KEY).
            "lxc\\.arch", "lxc\\.keyring\\.session", "lxc\\.no_new_privs", "lxc\\.autodev\\.tmpfs\\.size",
            "lxc\\.prlimit\\..+", "lxc\\.sysctl\\..+", "lxc\\.proc\\..+",
            "lxc\\.init\\.(cmd|uid|gid|cwd|groups)", "lxc\\.execute\\.cmd",
            "lxc\\.cap\\.(drop|keep)",
            "lxc\\.net\\.\\d+\\.type",
            // NetworkSetup and NetworkTeardown: every type and key of lxc.net.N.
            "lxc\\.net\\.\\d+\\.(flags|link|name|hwaddr|mtu|veth\\.pair|veth\\.mode|macvlan\\.mode"
                    + "|ipvlan\\.mode|ipvlan\\.isolation|vlan\\.id|veth\\.ipv4\\.route|veth\\.ipv6\\.route"
                    + "|veth\\.vlan\\.id|veth\\.vlan\\.tagged\\.id|veth\\.n_rxqueues|veth\\.n_txqueues"
                    + "|l2proxy|script\\.up|script\\.down"
                    + "|ipv4\\.address|ipv4\\.gateway|ipv6\\.address|ipv6\\.gateway)",
            // Includes are expanded by the parser: their keys are checked one by one.
            "lxc\\.include",
            "lxc\\.namespace\\.share\\.(net|ipc|uts|pid)",
            // NamespaceChoice (within what it accepts, below).
            "lxc\\.namespace\\.(clone|keep)",
            // plan op TIMENS
            "lxc\\.time\\.offset\\.(boot|monotonic)",
            // CoreScheduling
            "lxc\\.sched\\.core",
            // plan op PDEATHSIG
            "lxc\\.monitor\\.signal\\.pdeath",
            "lxc\\.console\\.(path|logfile|size|rotate|buffer\\.size)",
            "lxc\\.log\\.(file|level)",
            // The device policy (DeviceController: v1 devices files or a cgroup2 BPF program).
            "lxc\\.cgroup2?\\.devices\\.(allow|deny)",
            // Hooks run by the start (Hooks on the host, plan op HOOK in the container).
            "lxc\\.hook\\.(pre-start|start-host|pre-mount|mount|autodev|start|stop|post-stop|version)",
            "lxc\\.hook",
            // Limits (CgroupLimits) and placement (CgroupPlacement: the payload's and the
            // monitor's cgroups); devices.* is the device policy's.
            "lxc\\.cgroup2?\\.(?!devices\\.|dir\\.|dir$|relative$)[^.]+(\\..+)?",
            "lxc\\.cgroup\\.(dir|dir\\.container|dir\\.container\\.inner|dir\\.monitor|dir\\.monitor\\.pivot|relative)",
            // Compiled by org.jlxc.seccomp, loaded by plan op SECCOMP (notify.* is not).
            "lxc\\.seccomp\\.(profile|allow_nesting)",
            // NamespaceChoice (a user namespace), UserNamespace (the maps, the cgroups' owner),
            // PlanBuilder (USERNS_ROOT, CONSOLE_OWNER, autodev binds); within what idmap() accepts.
            "lxc\\.idmap");

    /**
     * Keys that do not change how a running container is set up; the tools that use them
     * read them (lxc-stop the signals, lxc-autostart the start keys).
     */
    private static final List<Pattern> NOT_FOR_START = compile(
            "lxc\\.signal\\.(halt|reboot|stop)",
            "lxc\\.start\\.(auto|delay|order)", "lxc\\.group",
            // lxc-destroy runs the destroy hooks; the clone hooks are lxc-copy's, which jlxc has not.
            "lxc\\.hook\\.(destroy|clone)",
            // PostStop destroys an ephemeral container at the end of its run.
            "lxc\\.ephemeral",
            // lxc-destroy reads it (ContainerDestroyer): an unmanaged rootfs is not removed.
            "lxc\\.rootfs\\.managed");

    /** Security modules: without the LSM on the host LXC warns once and goes on; so do we. */
    private static final Pattern LSM = Pattern.compile("lxc\\.(apparmor|selinux)\\..*");

    private SupportCheck() {}

    public static void check(ContainerConfig config, boolean hostHasLsm, Consumer<String> warnings)
            throws StartException {
        boolean lsmWarned = false;
        for (ConfigLine line : config.lines()) {
            String key = line.key();
            if (LSM.matcher(key).matches() && !hostHasLsm) {
                if (!lsmWarned) {
                    warnings.accept("this host has no AppArmor or SELinux: ignoring " + key + " (" + line.origin() + ")");
                    lsmWarned = true;
                }
                continue;
            }
            if (!matches(ENFORCED, key) && !matches(NOT_FOR_START, key)) {
                throw notSupported(key, line);
            }
            if (key.startsWith("lxc.prlimit.") && !org.jlxc.plan.Rlimits.known(key.substring("lxc.prlimit.".length()))) {
                throw new StartException(key + ": unknown resource (" + line.origin() + ")");
            }
            if (key.equals("lxc.rootfs.path") && !"dir".equals(config.rootfs().type())
                    && config.rootfs().overlay() == null) {
                throw notSupported(key + " of type " + config.rootfs().type(), line);
            }
        }
        if (!config.namespaceClone().isEmpty() && !config.namespaceKeep().isEmpty()) {
            throw new StartException("lxc.namespace.clone (" + last(config, "lxc.namespace.clone").origin()
                    + ") and lxc.namespace.keep (" + last(config, "lxc.namespace.keep").origin() + ") cannot both be set");
        }
        String why = org.jlxc.plan.NamespaceChoice.unsupported(config,
                org.jlxc.plan.NamespaceChoice.of(config, java.util.Set.of()));
        if (why != null) {
            throw notSupported((config.namespaceKeep().isEmpty() ? "lxc.namespace.clone" : "lxc.namespace.keep")
                    + " giving " + why, last(config, config.namespaceKeep().isEmpty() ? "lxc.namespace.clone"
                    : "lxc.namespace.keep"));
        }
        if (org.jlxc.plan.NamespaceChoice.wantsTimens(config) && config.namespaceKeep().contains("time")) {
            ConfigLine line = last(config, config.timeOffsetBoot() != null ? "lxc.time.offset.boot" : "lxc.time.offset.monotonic");
            throw new StartException(line.key() + " (" + line.origin() + "): clock offsets need a time namespace of the "
                    + "container's own, and lxc.namespace.keep keeps the host's");
        }
        if ((config.capKeepNone() || !config.capKeep().isEmpty()) && !config.capDrop().isEmpty()) {
            throw new StartException("lxc.cap.keep (" + last(config, "lxc.cap.keep").origin() + ") and lxc.cap.drop ("
                    + last(config, "lxc.cap.drop").origin() + ") are mutually exclusive");
        }
        for (ConfigLine line : config.lines()) {
            if (line.key().equals("lxc.environment") && !line.value().contains("=") && !line.value().isEmpty()
                    && System.getenv(line.value()) == null) {
                throw new StartException("lxc.environment: " + line.value() + " is not set in the environment of "
                        + "this command (" + line.origin() + ")");
            }
        }
        if (config.rootfs() != null && config.rootfs().options() != null && config.rootfs().overlay() == null) {
            for (String option : config.rootfs().options().split(",")) {
                if (!MountOptions.parse(List.of(option)).data().isEmpty()) {
                    throw notSupported("lxc.rootfs.options " + option, last(config, "lxc.rootfs.options"));
                }
            }
        }
        idmap(config);
        MountAuto auto = config.mountAuto();
        if ((auto.cgroup2() != MountAuto.Cgroup2.NONE && !auto.cgroup2Force()) || auto.shmountsHost() != null) {
            ConfigLine line = last(config, "lxc.mount.auto");
            throw notSupported("lxc.mount.auto cgroup2 without :force, and shmounts", line);
        }
        if (config.rootfs() == null && ((config.ttyMax() != null && config.ttyMax() > 0) || config.autodev() == Boolean.TRUE)) {
            ConfigLine line = last(config, (config.ttyMax() != null && config.ttyMax() > 0) ? "lxc.tty.max" : "lxc.autodev");
            throw notSupported(line.key() + " without lxc.rootfs.path", line);
        }
    }

    /** What a container with lxc.idmap cannot have yet, and idmapped mounts (idmap=) in any container. */
    private static void idmap(ContainerConfig config) throws StartException {
        for (ConfigLine line : config.lines()) {
            boolean mountOptions = line.key().equals("lxc.rootfs.options") || line.key().equals("lxc.mount.entry");
            if (mountOptions && java.util.Arrays.stream(line.value().split("[,\\s]+")).anyMatch(o -> o.startsWith("idmap="))) {
                throw notSupported(line.key() + " with idmap= (idmapped mounts)", line);
            }
        }
        if (config.idmaps().isEmpty()) return;
        ConfigLine idmap = last(config, "lxc.idmap");
        if (config.rootfs() == null) {
            throw notSupported("lxc.idmap without lxc.rootfs.path", idmap);
        }
        for (ConfigLine line : config.lines()) {
            // Namespaces joined from another container belong to its user namespace, not this one's.
            if (line.key().startsWith("lxc.namespace.share.")) throw notSupported(line.key() + " with lxc.idmap", line);
        }
    }

    private static StartException notSupported(String what, ConfigLine line) {
        return new StartException("not supported yet: " + what + " (" + line.origin() + ")");
    }

    private static ConfigLine last(ContainerConfig config, String key) {
        return config.lines().stream().filter(l -> l.key().equals(key)).reduce((a, b) -> b).orElseThrow();
    }

    private static boolean matches(List<Pattern> patterns, String key) {
        return patterns.stream().anyMatch(p -> p.matcher(key).matches());
    }

    private static List<Pattern> compile(String... regexes) {
        return java.util.Arrays.stream(regexes).map(Pattern::compile).toList();
    }
}
