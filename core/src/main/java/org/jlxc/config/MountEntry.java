package org.jlxc.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One fstab-style mount line ({@code lxc.mount.entry} or a line of {@code lxc.mount.fstab}):
 * {@code source target fstype options [dump [pass]]}, blanks inside fields written as {@code \040}.
 * The LXC options ({@code create=dir|file}, {@code optional}, {@code relative}) stay in {@link #options()}
 * and are also exposed decoded, because the mount code must remove them before mount(2).
 */
public record MountEntry(String source, String target, String fstype, List<String> options,
                         int dump, int pass, Origin origin) implements Located {

    public MountEntry {
        options = List.copyOf(options);
    }

    /** Parses one line; {@code origin} is only used for the error message. */
    public static MountEntry parse(String line, Origin origin) throws ConfigException {
        try {
            return parse(line, origin, "lxc.mount.entry");
        } catch (InvalidValueException e) {
            throw ConfigException.badValue(origin, "lxc.mount.entry", line, e.getMessage());
        }
    }

    static MountEntry parse(String line, Origin origin, String key) throws InvalidValueException {
        String[] f = line.strip().split("\\s+");
        if (f.length < 3 || f.length > 6) {
            throw new InvalidValueException("expected: source target fstype [options [dump [pass]]]");
        }
        List<String> options = f.length > 3 ? List.of(unescape(f[3]).split(",")) : List.of("defaults");
        for (String o : options) {
            if (o.startsWith("create=") && !o.equals("create=dir") && !o.equals("create=file")) {
                throw new InvalidValueException("create= must be dir or file");
            }
        }
        int dump = f.length > 4 ? (int) Values.number(f[4], 0, Integer.MAX_VALUE) : 0;
        int pass = f.length > 5 ? (int) Values.number(f[5], 0, Integer.MAX_VALUE) : 0;
        return new MountEntry(unescape(f[0]), unescape(f[1]), unescape(f[2]), options, dump, pass, origin);
    }

    /** Every entry of an fstab file (comments and blank lines skipped), each with its own line as origin. */
    public static List<MountEntry> readFstab(Path file) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ConfigException(new Origin(file, 0), null, "cannot read fstab: " + e);
        }
        var out = new ArrayList<MountEntry>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                Origin o = new Origin(file, i + 1);
                try {
                    out.add(parse(l, o, "fstab"));
                } catch (InvalidValueException e) {
                    throw new ConfigException(o, null, "invalid fstab entry \"" + l + "\": " + e.getMessage());
                }
            }
        }
        return out;
    }

    /** getmntent's octal escapes: \040 space, \011 tab, \012 newline, \134 backslash. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        var sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public MountEntry withOrigin(Origin o) {
        return new MountEntry(source, target, fstype, options, dump, pass, o);
    }

    /** The entry as an fstab line (blanks escaped), as get_config_item prints it. */
    public String toLine() {
        return escape(source) + " " + escape(target) + " " + escape(fstype) + " "
                + escape(String.join(",", options)) + " " + dump + " " + pass;
    }

    private static String escape(String field) {
        return field.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011");
    }

    public boolean optional() {
        return options.contains("optional");
    }

    /** The source is relative to the container's rootfs (LXC 3.0+). */
    public boolean relative() {
        return options.contains("relative");
    }

    /** {@code "dir"}, {@code "file"} or null. */
    public String create() {
        return options.stream().filter(o -> o.startsWith("create=")).map(o -> o.substring(7)).findFirst().orElse(null);
    }

    /** The options with the LXC-only ones removed: what goes to mount(2) as flags and data. */
    public List<String> mountOptions() {
        return options.stream()
                .filter(o -> !o.equals("optional") && !o.equals("relative") && !o.startsWith("create="))
                .toList();
    }
}
