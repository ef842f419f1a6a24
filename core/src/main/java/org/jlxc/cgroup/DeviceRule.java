package org.jlxc.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jlxc.config.Origin;

/**
 * One {@code devices.allow} / {@code devices.deny} line, parsed as LXC's device_cgroup_rule_parse
 * (and the kernel's v1 devices controller) read it: {@code a}, or {@code TYPE MAJOR:MINOR ACCESS}
 * with TYPE {@code a|b|c}, MAJOR/MINOR a number or {@code *}, ACCESS up to three of {@code rwm};
 * {@code devices.allow} also takes {@code /dev/PATH ACCESS} (the node's type and numbers).
 *
 * @param allow  devices.allow (true) or devices.deny
 * @param type   'a' (any), 'b' or 'c'
 * @param major  -1 for {@code *}
 * @param minor  -1 for {@code *}
 * @param access the access letters as written (subset of rwm, may be empty); "" for the bare {@code a}
 * @param all    the bare {@code a}: every device, resets the list (v1 and LXC's BPF list alike)
 */
public record DeviceRule(boolean allow, char type, int major, int minor, String access, boolean all, Origin origin) {

    /** Parses the value of a {@code devices.allow}/{@code devices.deny} line. */
    public static DeviceRule parse(boolean allow, String value, Origin origin) throws CgroupException {
        String key = allow ? "devices.allow" : "devices.deny";
        if (value.equals("a")) {
            return new DeviceRule(allow, 'a', -1, -1, "", true, origin);
        }
        if (allow && value.startsWith("/")) {
            return ofNode(value, origin);
        }
        Cursor c = new Cursor(value);
        char type = c.next();
        if (type != 'a' && type != 'b' && type != 'c') {
            throw bad(key, value, origin, "the type must be a, b or c");
        }
        if (!Character.isWhitespace(c.next())) throw bad(key, value, origin, "expected TYPE MAJOR:MINOR ACCESS");
        int major = c.number(key, value, origin);
        if (c.next() != ':') throw bad(key, value, origin, "expected MAJOR:MINOR");
        int minor = c.number(key, value, origin);
        if (!Character.isWhitespace(c.next())) throw bad(key, value, origin, "expected an access (r, w, m) after MAJOR:MINOR");
        String access = access(key, value, c.rest(), origin);
        return new DeviceRule(allow, type, major, minor, access, false, origin);
    }

    /** {@code /dev/PATH rwm}: the node's type and numbers, allowed (LXC converts only devices.allow). */
    private static DeviceRule ofNode(String value, Origin origin) throws CgroupException {
        String[] parts = value.strip().split(" +", 3); // LXC ignores text after the access
        if (parts.length < 2) throw bad("devices.allow", value, origin, "expected /dev/PATH ACCESS");
        String access = access("devices.allow", value, parts[1], origin);
        Path node = Path.of(parts[0]);
        int mode;
        long rdev;
        try {
            mode = (Integer) Files.getAttribute(node, "unix:mode");
            rdev = (Long) Files.getAttribute(node, "unix:rdev");
        } catch (IOException | UnsupportedOperationException e) {
            throw bad("devices.allow", value, origin, "cannot stat " + node + ": " + e.getMessage());
        }
        char type = switch (mode & 0170000) {
            case 0060000 -> 'b';
            case 0020000 -> 'c';
            default -> throw bad("devices.allow", value, origin, node + " is not a device node");
        };
        // glibc's major()/minor() of a 64-bit dev_t
        int major = (int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL));
        int minor = (int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL));
        return new DeviceRule(true, type, major, minor, access, false, origin);
    }

    /** Up to three of r, w, m; what follows them is ignored, as LXC and the kernel do. */
    private static String access(String key, String value, String text, Origin origin) throws CgroupException {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(3, text.length()); i++) {
            char ch = text.charAt(i);
            if (ch == '\n') break;
            if (ch != 'r' && ch != 'w' && ch != 'm') throw bad(key, value, origin, "the access must be made of r, w, m");
            out.append(ch);
        }
        return out.toString();
    }

    /** The kernel's mask: BPF_DEVCG_ACC_MKNOD 1, READ 2, WRITE 4 (an empty access is 0). */
    public int accessMask() {
        int mask = 0;
        for (char ch : access.toCharArray()) {
            mask |= ch == 'm' ? 1 : ch == 'r' ? 2 : 4;
        }
        return mask;
    }

    /** The line as the v1 devices controller takes it: {@code a}, {@code c 1:3 rwm}, {@code b *:* m}. */
    public String v1Value() {
        if (all) return "a";
        return type + " " + (major < 0 ? "*" : Integer.toString(major)) + ":"
                + (minor < 0 ? "*" : Integer.toString(minor)) + " " + access;
    }

    /** The v1 file this rule is written to. */
    public String v1File() {
        return allow ? "devices.allow" : "devices.deny";
    }

    private static CgroupException bad(String key, String value, Origin origin, String why) {
        return new CgroupException("invalid device rule \"" + value + "\" for " + key + ": " + why + " (" + origin + ")");
    }

    /** A reader over the value, NUL past its end (as LXC walks its C string). */
    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        char next() {
            return i < s.length() ? s.charAt(i++) : '\0';
        }

        char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        String rest() {
            return s.substring(Math.min(i, s.length()));
        }

        /** {@code *} (-1) or a decimal number that fits an int. */
        int number(String key, String value, Origin origin) throws CgroupException {
            if (peek() == '*') {
                i++;
                return -1;
            }
            int start = i;
            while (peek() >= '0' && peek() <= '9') i++;
            if (start == i) throw bad(key, value, origin, "a device number must be a number or *");
            try {
                return Integer.parseInt(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw bad(key, value, origin, "device number " + s.substring(start, i) + " is too large");
            }
        }
    }
}
