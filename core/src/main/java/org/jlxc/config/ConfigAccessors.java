package org.jlxc.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed, read-only view of a configuration that the runtime uses. Null means "not set"
 * (LXC's default applies); lists are empty when unset. Kept apart from {@link ContainerConfig}
 * so that class stays about loading, changing and saving.
 */
public abstract sealed class ConfigAccessors permits ContainerConfig {
    final ConfigStore store;

    ConfigAccessors(ConfigStore store) {
        this.store = store;
    }

    /** Where the last line for a canonical key came from, or null. */
    public abstract Origin originOf(String canonicalKey);

    /** {@code lxc.mount.fstab}: the file and the line naming it. */
    public record FstabRef(Path path, Origin origin) {
    }

    // ---- generic helpers

    private Object scalar(String key) {
        return store.scalars.get(key);
    }

    private String string(String key) {
        return (String) scalar(key);
    }

    private Boolean bool(String key) {
        return (Boolean) scalar(key);
    }

    private Integer integer(String key) {
        return (Integer) scalar(key);
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> list(String key) {
        return List.copyOf((List<T>) store.lists.getOrDefault(key, List.of()));
    }

    private Map<String, Object> family(String key) {
        var out = new LinkedHashMap<String, Object>();
        store.families.getOrDefault(key, List.of()).forEach(e -> out.put(e.sub(), e.value()));
        return out;
    }

    // ---- identity, rootfs, mounts

    public String utsName() { return string("lxc.uts.name"); }

    public String arch() { return string("lxc.arch"); }

    /** The root filesystem, or null when {@code lxc.rootfs.path} is not set (the host's root is used). */
    public Rootfs rootfs() {
        String path = string("lxc.rootfs.path");
        if (path == null) {
            return null;
        }
        String[] p = Rootfs.split(path);
        return new Rootfs(p[0], p[1], string("lxc.rootfs.mount"), string("lxc.rootfs.options"),
                bool("lxc.rootfs.managed"));
    }

    /** Where the rootfs is mounted before pivot_root: lxc.rootfs.mount or LXC's default (set without a rootfs too). */
    public String rootfsMount() {
        String m = string("lxc.rootfs.mount");
        return m != null && !m.isEmpty() ? m : Rootfs.DEFAULT_MOUNT;
    }

    public MountAuto mountAuto() { return MountAuto.of(list("lxc.mount.auto")); }

    public List<MountEntry> mountEntries() { return list("lxc.mount.entry"); }

    public FstabRef mountFstab() {
        String f = string("lxc.mount.fstab");
        return f == null ? null : new FstabRef(Path.of(f), originOf("lxc.mount.fstab"));
    }

    public Boolean autodev() { return bool("lxc.autodev"); }

    public Integer autodevTmpfsSize() { return integer("lxc.autodev.tmpfs.size"); }

    // ---- ttys and console

    public Integer ttyMax() { return integer("lxc.tty.max"); }

    public Integer ptyMax() { return integer("lxc.pty.max"); }

    public String ttyDir() { return string("lxc.tty.dir"); }

    /** {@code lxc.console.path}: a device path, or {@code none} to disable the console. */
    public String consolePath() { return string("lxc.console.path"); }

    public String consoleLogfile() { return string("lxc.console.logfile"); }

    public Boolean consoleRotate() { return bool("lxc.console.rotate"); }

    /** Bytes, -1 for {@code auto}. */
    public Long consoleBufferSize() { return (Long) scalar("lxc.console.buffer.size"); }

    public Long consoleSize() { return (Long) scalar("lxc.console.size"); }

    // ---- init

    public String initCmd() { return string("lxc.init.cmd"); }

    public Long initUid() { return (Long) scalar("lxc.init.uid"); }

    public Long initGid() { return (Long) scalar("lxc.init.gid"); }

    public String initCwd() { return string("lxc.init.cwd"); }

    public List<Long> initGroups() { return list("lxc.init.groups"); }

    public String executeCmd() { return string("lxc.execute.cmd"); }

    /** {@code NAME=value} or {@code NAME} (take the value from the caller's environment). */
    public List<String> environment() { return list("lxc.environment"); }

    public Boolean ephemeral() { return bool("lxc.ephemeral"); }

    // ---- security

    public List<Integer> capDrop() { return caps("lxc.cap.drop"); }

    /** {@code lxc.cap.keep} without the special {@code none} (see {@link #capKeepNone()}). */
    public List<Integer> capKeep() { return caps("lxc.cap.keep"); }

    /** {@code lxc.cap.keep = none}: drop every capability. */
    public boolean capKeepNone() { return list("lxc.cap.keep").contains("none"); }

    private List<Integer> caps(String key) {
        return this.<String>list(key).stream().filter(c -> !c.equals("none"))
                .map(c -> Capability.parse(c).getAsInt()).toList();
    }

    public List<IdMap> idmaps() { return list("lxc.idmap"); }

    public Boolean noNewPrivs() { return bool("lxc.no_new_privs"); }

    public String apparmorProfile() { return string("lxc.apparmor.profile"); }

    public Boolean apparmorAllowIncomplete() { return bool("lxc.apparmor.allow_incomplete"); }

    public Boolean apparmorAllowNesting() { return bool("lxc.apparmor.allow_nesting"); }

    public List<String> apparmorRaw() { return list("lxc.apparmor.raw"); }

    public String selinuxContext() { return string("lxc.selinux.context"); }

    public String selinuxContextKeyring() { return string("lxc.selinux.context.keyring"); }

    public String seccompProfile() { return string("lxc.seccomp.profile"); }

    public Boolean seccompAllowNesting() { return bool("lxc.seccomp.allow_nesting"); }

    public String seccompNotifyProxy() { return string("lxc.seccomp.notify.proxy"); }

    public String seccompNotifyCookie() { return string("lxc.seccomp.notify.cookie"); }

    public Boolean keyringSession() { return bool("lxc.keyring.session"); }

    public Boolean schedCore() { return bool("lxc.sched.core"); }

    // ---- signals, monitor, logging, autostart

    public Integer haltSignal() { return integer("lxc.signal.halt"); }

    public Integer stopSignal() { return integer("lxc.signal.stop"); }

    public Integer rebootSignal() { return integer("lxc.signal.reboot"); }

    /** 0 = no signal when the monitor dies. */
    public Integer monitorPdeathSignal() { return integer("lxc.monitor.signal.pdeath"); }

    public Boolean monitorUnshare() { return bool("lxc.monitor.unshare"); }

    public String logFile() { return string("lxc.log.file"); }

    /** 0 (TRACE) .. 8 (FATAL). */
    public Integer logLevel() { return integer("lxc.log.level"); }

    public String logSyslog() { return string("lxc.log.syslog"); }

    public Boolean startAuto() { return bool("lxc.start.auto"); }

    public Integer startDelay() { return integer("lxc.start.delay"); }

    public Integer startOrder() { return integer("lxc.start.order"); }

    public List<String> groups() { return list("lxc.group"); }

    // ---- hooks

    /** Hook commands by type ({@code pre-start}, {@code mount}...), only types that have some, in run order. */
    public Map<String, List<String>> hooks() {
        var out = new LinkedHashMap<String, List<String>>();
        for (String h : ConfigKeys.HOOK_TYPES) {
            List<String> cmds = list("lxc.hook." + h);
            if (!cmds.isEmpty()) {
                out.put(h, cmds);
            }
        }
        return out;
    }

    public Boolean hookVersion() { return bool("lxc.hook.version"); }

    // ---- cgroups, limits, namespaces

    /** {@code lxc.cgroup.*} (version 1) then {@code lxc.cgroup2.*} (version 2) settings, each in file order. */
    public List<CgroupSetting> cgroupSettings() {
        var out = new ArrayList<CgroupSetting>();
        store.families.getOrDefault("lxc.cgroup", List.of())
                .forEach(e -> out.add(new CgroupSetting(1, e.sub(), (String) e.value(), e.origin())));
        store.families.getOrDefault("lxc.cgroup2", List.of())
                .forEach(e -> out.add(new CgroupSetting(2, e.sub(), (String) e.value(), e.origin())));
        return out;
    }

    public String cgroupDir() { return string("lxc.cgroup.dir"); }

    public String cgroupDirContainer() { return string("lxc.cgroup.dir.container"); }

    public String cgroupDirContainerInner() { return string("lxc.cgroup.dir.container.inner"); }

    public String cgroupDirMonitor() { return string("lxc.cgroup.dir.monitor"); }

    public String cgroupDirMonitorPivot() { return string("lxc.cgroup.dir.monitor.pivot"); }

    public Boolean cgroupRelative() { return bool("lxc.cgroup.relative"); }

    /** By resource name as written ({@code nofile}, {@code nproc}...). */
    public Map<String, Prlimit> prlimits() {
        var out = new LinkedHashMap<String, Prlimit>();
        family("lxc.prlimit").forEach((k, v) -> out.put(k, (Prlimit) v));
        return out;
    }

    /** By key as written ({@code net.ipv4.ip_forward}). */
    public Map<String, String> sysctls() { return strings("lxc.sysctl"); }

    /** By {@code /proc/PID/} file name ({@code oom_score_adj}). */
    public Map<String, String> procs() { return strings("lxc.proc"); }

    public List<String> namespaceClone() { return list("lxc.namespace.clone"); }

    public List<String> namespaceKeep() { return list("lxc.namespace.keep"); }

    /** Namespace name → container name, container path or pid to share it with. */
    public Map<String, String> namespaceShare() { return strings("lxc.namespace.share"); }

    public String timeOffsetBoot() { return string("lxc.time.offset.boot"); }

    public String timeOffsetMonotonic() { return string("lxc.time.offset.monotonic"); }

    private Map<String, String> strings(String key) {
        var out = new LinkedHashMap<String, String>();
        family(key).forEach((k, v) -> out.put(k, (String) v));
        return out;
    }

    // ---- 1.0.7 keys LXC 5.x dropped (read, warned about, kept for a 1.0 compatibility mode)

    public String kmsg() { return string("lxc.kmsg"); }

    public String pivotDir() { return string("lxc.pivotdir"); }

    public String rootfsBackend() { return string("lxc.rootfs.backend"); }

    // ---- networks

    /** The networks in index order; a gap in the indexes is kept (LXC sorts by index too). */
    public List<Network> networks() {
        var out = new ArrayList<Network>();
        store.networks.forEach((i, n) -> out.add(NetworkBuilder.build(i, n.values, n.origin)));
        return out;
    }
}
