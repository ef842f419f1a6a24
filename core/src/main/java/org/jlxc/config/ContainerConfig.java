package org.jlxc.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A container's configuration (LXC's {@code struct lxc_conf}): loaded from a file with its includes,
 * changed by {@code -s} defines or the API, saved back, and read by the runtime through typed accessors.
 * Mutable and not thread-safe.
 */
public final class ContainerConfig extends ConfigAccessors {
    private static final System.Logger LOG = org.jlxc.log.Log.logger("org.jlxc.config");

    /** A main-file line kept for {@link #save}: its text and the canonical key it set (null if none). */
    private record RawLine(String text, String canonical) {
    }

    private final List<ConfigLine> lines = new ArrayList<>();
    private final List<RawLine> raw = new ArrayList<>();
    private final Consumer<String> warnings;

    private ContainerConfig(Consumer<String> warnings) {
        super(new ConfigStore());
        this.warnings = warnings == null ? w -> LOG.log(System.Logger.Level.WARNING, w) : warnings;
    }

    /** An empty configuration (no file); warnings go to the {@code org.jlxc.config} logger. */
    public static ContainerConfig empty() {
        return new ContainerConfig(null);
    }

    /** An empty configuration whose deprecation warnings go to {@code warnings}. */
    public static ContainerConfig empty(Consumer<String> warnings) {
        return new ContainerConfig(warnings);
    }

    /**
     * Loads {@code file} and everything it includes.
     *
     * @param warnings receives one line per deprecated key; null = the {@code org.jlxc.config} logger
     */
    public static ContainerConfig load(Path file, Consumer<String> warnings) throws ConfigException {
        ContainerConfig c = new ContainerConfig(warnings);
        c.parser().read(file, null, (text, canonical) -> c.raw.add(new RawLine(text, canonical)));
        return c;
    }

    private ConfigParser parser() {
        return new ConfigParser(store, lines::add, warnings);
    }

    /**
     * Applies one configuration line (a {@code -s KEY=VAL} define, set_config_item). Legacy names are
     * accepted. The line is also kept for {@link #save}, replacing earlier main-file lines of a
     * single-valued key.
     */
    public void set(String key, String value, Origin origin) throws ConfigException {
        String v = value.strip();
        String canonical = parser().apply(key.strip(), v, origin);
        ConfigKeys.Resolved r = ConfigKeys.resolve(canonical);
        if (r != null && r.key().kind() == Key.Kind.SCALAR) {
            raw.removeIf(l -> canonical.equals(l.canonical()));
        }
        raw.add(new RawLine(canonical + (v.isEmpty() ? " =" : " = " + quote(v)), canonical));
    }

    /** Quotes a value that would otherwise lose a pair of quotes when read back. */
    private static String quote(String v) {
        boolean quoted = v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'')
                && v.charAt(v.length() - 1) == v.charAt(0);
        return quoted ? (v.charAt(0) == '"' ? "'" + v + "'" : "\"" + v + "\"") : v;
    }

    /**
     * clear_config_item: unsets a key, a family ({@code lxc.cgroup}), a family member, a network
     * ({@code lxc.net.1}) or a group ({@code lxc.net}, {@code lxc.hook}); also drops its saved lines.
     *
     * @throws IllegalArgumentException for an unknown key
     */
    public void clear(String key) {
        String prefix;
        if (key.matches("lxc\\.net\\.\\d{1,5}")) {
            store.networks.remove(Integer.parseInt(key.substring(8)));
            prefix = key + ".";
        } else {
            ConfigKeys.Resolved r = resolve(key);
            if (r.netIndex() != null && r.netIndex() == ConfigKeys.UNINDEXED) {
                throw new IllegalArgumentException("unindexed network key \"" + key + "\": use lxc.net.N.*");
            }
            store.clear(r);
            prefix = r.key().family() && r.sub() == null || r.key().kind() == Key.Kind.CLEAR_ONLY
                    ? r.key().name() + "." : null;
            String exact = r.canonical();
            raw.removeIf(l -> matches(l.canonical(), exact, prefix));
            lines.removeIf(l -> matches(l.key(), exact, prefix));
            return;
        }
        raw.removeIf(l -> matches(l.canonical(), key, prefix));
        lines.removeIf(l -> matches(l.key(), key, prefix));
    }

    private static boolean matches(String canonical, String exact, String prefix) {
        return canonical != null && (canonical.equals(exact) || prefix != null && canonical.startsWith(prefix)
                && !canonical.equals("lxc.hook.version"));
    }

    private static ConfigKeys.Resolved resolve(String key) {
        ConfigKeys.Resolved r = ConfigKeys.resolve(key);
        if (r == null) {
            throw new IllegalArgumentException("unknown key \"" + key + "\"");
        }
        return r;
    }

    /**
     * get_config_item: the value(s) of a key as LXC shows them, one string per value; empty when unset.
     * A family without sub-key ({@code lxc.cgroup}) gives {@code KEY = VALUE} strings.
     *
     * @throws IllegalArgumentException for an unknown key or {@code lxc.include}
     */
    public List<String> get(String key) {
        ConfigKeys.Resolved r = resolve(key);
        if (r.netIndex() != null && r.netIndex() == ConfigKeys.UNINDEXED) {
            throw new IllegalArgumentException("unindexed network key \"" + key + "\": use lxc.net.N.*");
        }
        return store.get(r);
    }

    /** Every applied line, includes expanded, in order, with canonical key names. */
    public List<ConfigLine> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** Where the last line for a canonical key came from, or null (for "not supported: KEY (ORIGIN)"). */
    @Override
    public Origin originOf(String canonicalKey) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).key().equals(canonicalKey)) {
                return lines.get(i).origin();
            }
        }
        return null;
    }

    /** Every set value as printed, by canonical key: the effective configuration. */
    public Map<String, List<String>> values() {
        return new LinkedHashMap<>(store.dump());
    }

    /**
     * Writes the configuration as LXC's save_config does: the main file's own lines (comments, order and
     * {@code lxc.include} lines kept; included content not inlined), then lines set since.
     */
    public void save(Path file) throws IOException {
        var sb = new StringBuilder();
        raw.forEach(l -> sb.append(l.text()).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Equal when every effective value is equal (origins and comments do not count). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ContainerConfig c && store.equals(c.store);
    }

    @Override
    public int hashCode() {
        return store.hashCode();
    }

    @Override
    public String toString() {
        var sb = new StringBuilder();
        store.dump().forEach((k, v) -> v.forEach(x -> sb.append(k).append(" = ").append(x).append('\n')));
        return sb.toString();
    }
}
