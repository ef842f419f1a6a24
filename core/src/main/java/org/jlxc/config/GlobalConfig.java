package org.jlxc.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * LXC's global configuration, {@code lxc.conf}: where containers live and the defaults of the
 * storage backends and cgroups (see {@code man 5 lxc.system.conf}).
 *
 * <p>The file is {@code /etc/lxc/lxc.conf} for root and {@code ~/.config/lxc/lxc.conf} for
 * everyone else; it may be absent, and then every key has LXC's default for that user.
 * The parsing is LXC's own, deliberately simpler than a container config: a key counts only at
 * the start of a line (after blanks), followed by optional blanks and {@code =}; {@code #} lines
 * are comments; the first occurrence of a key wins.
 */
public final class GlobalConfig {
    public static final String LXCPATH = "lxc.lxcpath";
    public static final String DEFAULT_CONFIG = "lxc.default_config";
    public static final String LVM_VG = "lxc.bdev.lvm.vg";
    public static final String LVM_THIN_POOL = "lxc.bdev.lvm.thin_pool";
    public static final String ZFS_ROOT = "lxc.bdev.zfs.root";
    public static final String CGROUP_USE = "lxc.cgroup.use";
    public static final String CGROUP_PATTERN = "lxc.cgroup.pattern";

    /** Every key, in the order `lxc-config -l` lists them. */
    public static final List<String> KEYS = List.of(
            DEFAULT_CONFIG, LXCPATH, LVM_VG, LVM_THIN_POOL, ZFS_ROOT, CGROUP_USE, CGROUP_PATTERN);

    private static final Path ROOT_FILE = Path.of("/etc/lxc/lxc.conf");

    private final Path file;
    private final Map<String, String> values;

    private GlobalConfig(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    /** The global config of the user running this process (effective uid, $HOME). */
    public static GlobalConfig forCurrentUser() {
        String home = System.getenv("HOME");
        // LXC falls back to "/" when HOME is unset.
        return forUser(effectiveUid(), Path.of(home == null || home.isEmpty() ? "/" : home));
    }

    /** The global config LXC would use for this effective uid and home directory. */
    public static GlobalConfig forUser(int euid, Path home) {
        return load(fileFor(euid, home), euid, home);
    }

    /** Where LXC looks for the global config of this user. */
    public static Path fileFor(int euid, Path home) {
        return euid == 0 ? ROOT_FILE : home.resolve(".config/lxc/lxc.conf");
    }

    /**
     * Reads {@code file} (absent means "all defaults") and fills in the defaults of a user with
     * this euid and home. An unreadable file is an error, not silently ignored as LXC does:
     * containers would otherwise be looked for in the wrong place without a word.
     */
    public static GlobalConfig load(Path file, int euid, Path home) {
        Map<String, String> values = defaults(euid, home);
        try {
            String text = Files.readString(file);
            Map<String, String> found = parse(text);
            for (var e : found.entrySet()) {
                // An empty path is no path: keep the default rather than resolve "" to the cwd.
                boolean isPath = e.getKey().equals(LXCPATH) || e.getKey().equals(DEFAULT_CONFIG);
                if (!(isPath && e.getValue().isEmpty())) values.put(e.getKey(), e.getValue());
            }
        } catch (NoSuchFileException absent) {
            // the usual case: no lxc.conf
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the global config " + file + ": " + e.getMessage(), e);
        }
        return new GlobalConfig(file, values);
    }

    /** Key → value of the known keys set in {@code text}, first occurrence winning. */
    static Map<String, String> parse(String text) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String raw : text.split("\n", -1)) {
            String line = raw.stripLeading();
            if (line.startsWith("#")) continue;
            for (String key : KEYS) {
                if (found.containsKey(key) || !line.startsWith(key)) continue;
                String rest = line.substring(key.length()).stripLeading();
                if (!rest.startsWith("=")) continue; // "lxc.lxcpathx = ..." is another key
                found.put(key, rest.substring(1).strip());
            }
        }
        return found;
    }

    private static Map<String, String> defaults(int euid, Path home) {
        Map<String, String> d = new LinkedHashMap<>();
        if (euid == 0) {
            d.put(LXCPATH, "/var/lib/lxc");
            d.put(DEFAULT_CONFIG, "/etc/lxc/default.conf");
        } else {
            d.put(LXCPATH, home.resolve(".local/share/lxc").toString());
            d.put(DEFAULT_CONFIG, home.resolve(".config/lxc/default.conf").toString());
        }
        d.put(LVM_VG, "lxc");
        d.put(LVM_THIN_POOL, "lxc");
        d.put(ZFS_ROOT, "lxc");
        // lxc.cgroup.use and lxc.cgroup.pattern have no default (Debian builds LXC without one).
        return d;
    }

    /** The file this config was read from (it may not exist). */
    public Path file() {
        return file;
    }

    /** Whether {@code key} is one of {@link #KEYS}. */
    public static boolean isKey(String key) {
        return KEYS.contains(key);
    }

    /**
     * The value of a key: from the file, else LXC's default; empty when neither sets it.
     * @throws IllegalArgumentException for a key that is not one of {@link #KEYS}
     */
    public Optional<String> value(String key) {
        if (!isKey(key)) throw new IllegalArgumentException("Unknown configuration item: " + key);
        return Optional.ofNullable(values.get(key));
    }

    /** Where containers live (lxc.lxcpath). */
    public Path lxcpath() {
        return Path.of(values.get(LXCPATH));
    }

    /** The config merged into every new container (lxc.default_config). */
    public Path defaultConfig() {
        return Path.of(values.get(DEFAULT_CONFIG));
    }

    /** The effective uid of this process. */
    public static int effectiveUid() {
        return org.jlxc.linux.ProcSelf.effectiveUid();
    }
}
