package org.jlxc.config;

import static org.jlxc.config.Key.Kind.CLEAR_ONLY;
import static org.jlxc.config.Key.Kind.FAMILY_APPEND;
import static org.jlxc.config.Key.Kind.FAMILY_REPLACE;
import static org.jlxc.config.Key.Kind.INCLUDE;
import static org.jlxc.config.Key.Kind.LIST;
import static org.jlxc.config.Key.Kind.SCALAR;
import static org.jlxc.config.Key.Kind.SPLIT;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key table: every key of LXC 1.0.7 and LXC 5.x/6.x, by canonical (5.x) name, with legacy aliases.
 * The single place that knows key names; the network sub-keys are in {@link NetworkKeys}.
 */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();
    private static final Map<String, Key> BY_ALIAS = new LinkedHashMap<>();

    /** {@code lxc.hook.TYPE} types, in the order LXC runs them. */
    public static final List<String> HOOK_TYPES = List.of("pre-start", "start-host", "pre-mount", "mount",
            "autodev", "start", "stop", "post-stop", "clone", "destroy");

    static {
        key("lxc.arch", SCALAR, Values.ARCH);
        key("lxc.uts.name", SCALAR, Values.HOST_NAME, "lxc.utsname");
        key("lxc.include", INCLUDE, null);

        key("lxc.rootfs.path", SCALAR, Rootfs.PATH, "lxc.rootfs");
        key("lxc.rootfs.mount", SCALAR, Values.ABSOLUTE_PATH);
        key("lxc.rootfs.options", SCALAR, Values.STRING);
        key("lxc.rootfs.managed", SCALAR, Values.BOOL);
        removed("lxc.rootfs.backend", "the storage type is now a prefix of lxc.rootfs.path");
        removed("lxc.pivotdir", "LXC 5.x pivots onto the new root itself");
        removed("lxc.kmsg", "LXC 5.x never links /dev/kmsg to the console");

        key("lxc.mount.fstab", SCALAR, Values.STRING, "lxc.mount");
        key("lxc.mount.entry", LIST, ValueType.of(v -> MountEntry.parse(v, null, "lxc.mount.entry"),
                o -> ((MountEntry) o).toLine()));
        key("lxc.mount.auto", SPLIT, MountAuto.TOKENS);
        key("lxc.autodev", SCALAR, Values.BOOL);
        key("lxc.autodev.tmpfs.size", SCALAR, Values.UINT);

        key("lxc.tty.max", SCALAR, Values.UINT, "lxc.tty");
        key("lxc.tty.dir", SCALAR, Values.name(255), "lxc.devttydir");
        key("lxc.pty.max", SCALAR, Values.UINT, "lxc.pts");
        key("lxc.console.path", SCALAR, Values.STRING, "lxc.console");
        key("lxc.console.logfile", SCALAR, Values.STRING);
        key("lxc.console.rotate", SCALAR, Values.BOOL);
        key("lxc.console.buffer.size", SCALAR, Values.SIZE_OR_AUTO);
        key("lxc.console.size", SCALAR, Values.SIZE_OR_AUTO);

        key("lxc.idmap", LIST, IdMap.VALUE, "lxc.id_map");
        key("lxc.cap.drop", SPLIT, ValueType.split(Values.CAPABILITY));
        key("lxc.cap.keep", SPLIT, ValueType.split(Values.CAPABILITY_OR_NONE));
        key("lxc.no_new_privs", SCALAR, Values.BOOL);
        key("lxc.apparmor.profile", SCALAR, Values.STRING, "lxc.aa_profile");
        key("lxc.apparmor.allow_incomplete", SCALAR, Values.BOOL, "lxc.aa_allow_incomplete");
        key("lxc.apparmor.allow_nesting", SCALAR, Values.BOOL);
        key("lxc.apparmor.raw", LIST, Values.STRING);
        key("lxc.selinux.context", SCALAR, Values.STRING, "lxc.se_context");
        key("lxc.selinux.context.keyring", SCALAR, Values.STRING);
        key("lxc.seccomp.profile", SCALAR, Values.STRING, "lxc.seccomp");
        key("lxc.seccomp.allow_nesting", SCALAR, Values.BOOL);
        key("lxc.seccomp.notify.proxy", SCALAR, ValueType.of(v -> {
            if (!v.startsWith("unix:") || v.length() == 5) {
                throw new InvalidValueException("must be unix:PATH or unix:@NAME");
            }
            return v;
        }));
        key("lxc.seccomp.notify.cookie", SCALAR, Values.STRING);
        key("lxc.keyring.session", SCALAR, Values.BOOL);

        key("lxc.signal.halt", SCALAR, Values.SIGNAL, "lxc.haltsignal");
        key("lxc.signal.reboot", SCALAR, Values.SIGNAL, "lxc.rebootsignal");
        key("lxc.signal.stop", SCALAR, Values.SIGNAL, "lxc.stopsignal");
        key("lxc.monitor.signal.pdeath", SCALAR, Values.SIGNAL);
        key("lxc.monitor.unshare", SCALAR, Values.BOOL);

        key("lxc.log.file", SCALAR, Values.STRING, "lxc.logfile");
        key("lxc.log.level", SCALAR, Values.LOG_LEVEL, "lxc.loglevel");
        key("lxc.log.syslog", SCALAR, Values.SYSLOG_FACILITY, "lxc.syslog");

        key("lxc.init.cmd", SCALAR, Values.STRING, "lxc.init_cmd");
        key("lxc.init.uid", SCALAR, Values.UINT_LONG, "lxc.init_uid");
        key("lxc.init.gid", SCALAR, Values.UINT_LONG, "lxc.init_gid");
        key("lxc.init.groups", SPLIT, Values.GIDS);
        key("lxc.init.cwd", SCALAR, Values.ABSOLUTE_PATH);
        key("lxc.execute.cmd", SCALAR, Values.STRING);
        key("lxc.environment", LIST, Values.ENVIRONMENT);
        key("lxc.ephemeral", SCALAR, Values.BOOL);

        key("lxc.start.auto", SCALAR, Values.BOOL);
        key("lxc.start.delay", SCALAR, Values.UINT);
        key("lxc.start.order", SCALAR, Values.INT);
        key("lxc.group", SPLIT, ValueType.split(Values.STRING));

        key("lxc.cgroup.dir", SCALAR, Values.STRING);
        key("lxc.cgroup.dir.container", SCALAR, Values.STRING);
        key("lxc.cgroup.dir.container.inner", SCALAR, Values.STRING);
        key("lxc.cgroup.dir.monitor", SCALAR, Values.STRING);
        key("lxc.cgroup.dir.monitor.pivot", SCALAR, Values.STRING);
        key("lxc.cgroup.relative", SCALAR, Values.BOOL);
        key("lxc.cgroup", FAMILY_APPEND, Values.STRING);
        key("lxc.cgroup2", FAMILY_APPEND, Values.STRING);
        key("lxc.prlimit", FAMILY_REPLACE, Values.PRLIMIT, "lxc.limit");
        key("lxc.sysctl", FAMILY_REPLACE, Values.STRING);
        key("lxc.proc", FAMILY_REPLACE, Values.STRING);

        key("lxc.namespace.clone", SPLIT, ValueType.split(Values.NAMESPACE));
        key("lxc.namespace.keep", SPLIT, ValueType.split(Values.NAMESPACE));
        key("lxc.namespace.share", FAMILY_REPLACE, Values.STRING);
        key("lxc.time.offset.boot", SCALAR, Values.TIME_OFFSET_VALUE);
        key("lxc.time.offset.monotonic", SCALAR, Values.TIME_OFFSET_VALUE);
        key("lxc.sched.core", SCALAR, Values.BOOL);

        for (String hook : HOOK_TYPES) {
            key("lxc.hook." + hook, LIST, Values.STRING);
        }
        key("lxc.hook.version", SCALAR, Values.BOOL);
        key("lxc.hook", CLEAR_ONLY, null);
        key("lxc.net", CLEAR_ONLY, null);
    }

    private static void key(String name, Key.Kind kind, ValueType type, String... aliases) {
        Key k = new Key(name, kind, type, List.of(aliases), null);
        KEYS.put(name, k);
        for (String a : aliases) {
            BY_ALIAS.put(a, k);
        }
    }

    private static void removed(String name, String why) {
        KEYS.put(name, new Key(name, SCALAR, Values.STRING, List.of(), why));
    }

    /** Canonical names of all keys (prefix families without their dot, e.g. {@code lxc.cgroup}). */
    public static Collection<String> names() {
        return KEYS.keySet();
    }

    /** Current name for a legacy one ({@code lxc.utsname} → {@code lxc.uts.name}), or null if not an alias. */
    static String currentName(String legacy) {
        Key k = BY_ALIAS.get(legacy);
        return k == null ? null : k.name();
    }

    /** The network index meaning "legacy unindexed lxc.network.KEY" (resolved against the model). */
    static final int UNINDEXED = -1;

    /**
     * What a key as written means.
     *
     * @param key       the table entry (for network keys: the entry in {@link NetworkKeys})
     * @param canonical the canonical key name, e.g. {@code lxc.cgroup.devices.allow}; for unindexed
     *                  legacy network keys {@code lxc.net.?.SUB} until the model assigns the index
     * @param sub       family sub-key ({@code devices.allow}) or network sub-key ({@code ipv4.address})
     * @param netIndex  network index, {@link #UNINDEXED}, or null when not a network key
     * @param legacy    true when written under a legacy name
     */
    record Resolved(Key key, String canonical, String sub, Integer netIndex, boolean legacy) {
    }

    /** Resolves a key as written; null when unknown. */
    static Resolved resolve(String written) {
        Key exact = KEYS.get(written);
        if (exact != null && !exact.family()) {
            return new Resolved(exact, written, null, null, false);
        }
        Key alias = BY_ALIAS.get(written);
        if (alias != null && !alias.family()) {
            return new Resolved(alias, alias.name(), null, null, true);
        }
        if (written.startsWith("lxc.net.") || written.startsWith("lxc.network.")) {
            return resolveNetwork(written);
        }
        if (written.equals("lxc.network")) {
            return new Resolved(KEYS.get("lxc.net"), "lxc.net", null, null, true);
        }
        if (exact != null) {
            return new Resolved(exact, written, null, null, false);
        }
        if (alias != null) {
            return new Resolved(alias, alias.name(), null, null, true);
        }
        int dot = written.lastIndexOf('.');
        // Longest family prefix first: lxc.namespace.share before anything shorter.
        for (int end = dot; end > 0; end = written.lastIndexOf('.', end - 1)) {
            String prefix = written.substring(0, end);
            String sub = written.substring(end + 1);
            Key fam = KEYS.get(prefix);
            boolean legacy = false;
            if (fam == null && BY_ALIAS.containsKey(prefix)) {
                fam = BY_ALIAS.get(prefix);
                legacy = true;
            }
            if (fam != null && fam.family() && !sub.isEmpty()) {
                return new Resolved(fam, fam.name() + "." + sub, sub, null, legacy);
            }
        }
        return null;
    }

    private static Resolved resolveNetwork(String written) {
        boolean legacy = written.startsWith("lxc.network.");
        String rest = written.substring(legacy ? 12 : 8);
        int dot = rest.indexOf('.');
        Integer index = null;
        if (dot > 0 && dot < 6 && rest.substring(0, dot).chars().allMatch(Character::isDigit)) {
            index = Integer.valueOf(rest.substring(0, dot));
            rest = rest.substring(dot + 1);
        } else if (!legacy) {
            return null;
        }
        if (legacy) {
            rest = NetworkKeys.LEGACY_RENAMES.getOrDefault(rest, rest);
        }
        Key k = NetworkKeys.get(rest);
        if (k == null) {
            return null;
        }
        int i = index == null ? UNINDEXED : index;
        return new Resolved(k, "lxc.net." + (index == null ? "?" : index) + "." + rest, rest, i, legacy);
    }
}
