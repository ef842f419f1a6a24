package org.jlxc.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads LXC configuration text into a {@link ConfigStore}: line syntax, quotes, includes, legacy
 * names and their warnings. Each applied line is reported to {@code applied} with its canonical key.
 */
final class ConfigParser {
    /** A {@code key = value} line split and unquoted; null from {@link #split} for comments and blanks. */
    record KeyValue(String key, String value) {
    }

    private final ConfigStore store;
    private final Consumer<ConfigLine> applied;
    private final Consumer<String> warnings;
    /** Files being read, innermost last: an include of one of them is a loop. */
    private final Deque<Path> reading = new ArrayDeque<>();

    ConfigParser(ConfigStore store, Consumer<ConfigLine> applied, Consumer<String> warnings) {
        this.store = store;
        this.applied = applied;
        this.warnings = warnings;
    }

    /**
     * Splits one line. Blank lines and {@code #} comments give null. Anything else must be
     * {@code lxc.KEY = VALUE}; blanks around key and value are dropped, and one pair of matching
     * quotes around the value.
     */
    static KeyValue split(String text, Origin origin) throws ConfigException {
        String line = text.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        int eq = line.indexOf('=');
        if (eq < 0 || !line.startsWith("lxc.")) {
            // LXC 5.x ignores lines not starting with "lxc."; we refuse them, because such a line is
            // almost always a typo ("lcx.net.0.type") whose silent loss is hard to find.
            throw new ConfigException(origin, eq < 0 ? line : line.substring(0, eq).strip(),
                    "invalid configuration line \"" + line + "\"");
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1);
        }
        return new KeyValue(key, value);
    }

    /** Reads a file; {@code perLine} sees each raw line with the canonical key it set (null if none). */
    void read(Path file, Origin includedFrom, LineObserver perLine) throws ConfigException {
        Path norm = file.toAbsolutePath().normalize();
        if (reading.contains(norm)) {
            throw new ConfigException(includedFrom, "lxc.include", "lxc.include: include loop: " + norm
                    + " is already being read (" + String.join(" -> ", reading.stream().map(Path::toString).toList()) + ")");
        }
        List<String> text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            throw cannotRead(file, includedFrom, "no such file");
        } catch (IOException e) {
            throw cannotRead(file, includedFrom, e.getMessage());
        }
        reading.addLast(norm);
        try {
            for (int i = 0; i < text.size(); i++) {
                Origin origin = new Origin(file, i + 1);
                KeyValue kv = split(text.get(i), origin);
                String canonical = kv == null ? null : apply(kv.key(), kv.value(), origin);
                if (perLine != null) {
                    perLine.line(text.get(i), canonical);
                }
            }
        } finally {
            reading.removeLast();
        }
    }

    @FunctionalInterface
    interface LineObserver {
        void line(String text, String canonical);
    }

    private static ConfigException cannotRead(Path file, Origin includedFrom, String why) {
        if (includedFrom == null) {
            return new ConfigException(new Origin(file, 0), null, "cannot read config file: " + why);
        }
        return new ConfigException(includedFrom, "lxc.include",
                "lxc.include: cannot read \"" + file + "\": " + why);
    }

    /** Applies one key/value; returns the canonical key set. */
    String apply(String key, String value, Origin origin) throws ConfigException {
        ConfigKeys.Resolved r = ConfigKeys.resolve(key);
        if (r == null) {
            throw new ConfigException(origin, key, "unknown key \"" + key + "\"");
        }
        if (r.key().kind() == Key.Kind.INCLUDE) {
            if (!value.isEmpty()) {
                include(value, origin);
            }
            applied.accept(new ConfigLine("lxc.include", key, value, origin));
            return "lxc.include";
        }
        String canonical = store.apply(r, value, origin);
        if (r.legacy()) {
            warnings.accept(key + " is deprecated, use " + canonical + " (" + origin + ")");
        } else if (r.key().removed() != null) {
            warnings.accept(key + " is deprecated and ignored: " + r.key().removed() + " (" + origin + ")");
        }
        applied.accept(new ConfigLine(canonical, key, value, origin));
        return canonical;
    }

    /** {@code lxc.include}: a file, or every {@code *.conf} of a directory in name order. */
    private void include(String value, Origin origin) throws ConfigException {
        Path path = Path.of(value);
        if (value.endsWith("/") || Files.isDirectory(path)) {
            if (!Files.isDirectory(path)) {
                return; // as in LXC 5.x: a missing include directory is no error
            }
            List<Path> confs;
            try (Stream<Path> s = Files.list(path)) {
                confs = s.filter(p -> p.getFileName().toString().endsWith(".conf"))
                        .filter(p -> !Files.isDirectory(p)).sorted().toList();
            } catch (IOException e) {
                throw cannotRead(path, origin, e.getMessage());
            }
            for (Path conf : confs) {
                read(conf, origin, null);
            }
        } else {
            read(path, origin, null);
        }
    }
}
