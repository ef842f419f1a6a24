package org.jlxc.cli.tools;

import java.util.List;
import java.util.Locale;

/**
 * lxc-ls's output, byte for byte: the names across the terminal, and the fancy tables. Every
 * column is as wide as its widest value or its header, whichever is wider, followed by a space
 * (trailing blanks included, as LXC prints them).
 */
final class LsLayout {
    /** Every column -F accepts, in LXC's order. */
    static final List<String> COLUMNS =
            List.of("NAME", "STATE", "PID", "RAM", "SWAP", "AUTOSTART", "GROUPS", "INTERFACE", "IPV4", "IPV6", "UNPRIVILEGED");
    /** -f without -F. */
    static final List<String> FANCY = List.of("NAME", "STATE", "AUTOSTART", "GROUPS", "IPV4", "IPV6", "UNPRIVILEGED");

    /**
     * One container. Null strings print as "-"; pid is -1 when there is none; ram and swap are
     * in MiB and show only while the container runs.
     */
    record Row(String name, String state, int pid, double ramMib, double swapMib, boolean running, boolean autostart,
               String groups, String iface, String ipv4, String ipv6, boolean unprivileged) {}

    private LsLayout() {}

    /**
     * The names without -f: each padded to the longest (at least 4, NAME's width); on a
     * terminal as many to a line as fit in `termWidth`, else (width 0) one per line.
     */
    static String names(List<String> names, int termWidth) {
        int w = 4;
        for (String n : names) w = Math.max(w, n.length());
        StringBuilder b = new StringBuilder();
        int len = 0;
        for (String n : names) {
            pad(b, n, w);
            len += w;
            if (len + w >= termWidth) {
                b.append('\n');
                len = 0;
            } else {
                b.append(' ');
                len++;
            }
        }
        if (len > 0) b.append('\n');
        return b.toString();
    }

    /** The first of `columns` (case-insensitive) lxc-ls does not know, or null. */
    static String invalidColumn(List<String> columns) {
        for (String c : columns) {
            if (!COLUMNS.contains(c.toUpperCase(Locale.ROOT))) return c;
        }
        return null;
    }

    /** A header line and a line per row; nothing at all without rows. */
    static String table(List<Row> rows, List<String> columns) {
        if (rows.isEmpty()) return "";
        Widths w = new Widths(rows);
        StringBuilder b = new StringBuilder();
        for (String c : columns) {
            String col = c.toUpperCase(Locale.ROOT);
            int width = switch (col) {
                case "RAM" -> w.ram + 2; // the "MB" after the number
                case "SWAP" -> w.swap + 2;
                default -> w.of(col);
            };
            pad(b, col, width).append(' ');
        }
        b.append('\n');
        for (Row r : rows) {
            for (String c : columns) cell(b, r, c.toUpperCase(Locale.ROOT), w);
            b.append('\n');
        }
        return b.toString();
    }

    private static void cell(StringBuilder b, Row r, String col, Widths w) {
        switch (col) {
            case "NAME" -> pad(b, r.name(), w.name).append(' ');
            case "STATE" -> pad(b, orDash(r.state()), w.state).append(' ');
            case "PID" -> pad(b, r.pid() > 0 ? Integer.toString(r.pid()) : "-", w.pid).append(' ');
            case "RAM" -> megabytes(b, r, r.ramMib(), w.ram);
            case "SWAP" -> megabytes(b, r, r.swapMib(), w.swap);
            case "AUTOSTART" -> pad(b, r.autostart() ? "1" : "0", w.autostart).append(' ');
            case "GROUPS" -> pad(b, orDash(r.groups()), w.groups).append(' ');
            case "INTERFACE" -> pad(b, orDash(r.iface()), w.iface).append(' ');
            case "IPV4" -> pad(b, orDash(r.ipv4()), w.ipv4).append(' ');
            case "IPV6" -> pad(b, orDash(r.ipv6()), w.ipv6).append(' ');
            case "UNPRIVILEGED" -> pad(b, r.unprivileged() ? "true" : "false", w.unprivileged).append(' ');
            default -> throw new IllegalArgumentException(col);
        }
    }

    /** Right-aligned "N.NNMB " while running, else "-" and blanks as wide. */
    private static void megabytes(StringBuilder b, Row r, double mib, int width) {
        if (r.running() && mib >= 0) {
            String v = Text.twoDecimals(mib);
            b.append(" ".repeat(Math.max(0, width - v.length()))).append(v).append("MB ");
        } else {
            pad(b, "-", width).append("   ");
        }
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static StringBuilder pad(StringBuilder b, String s, int width) {
        b.append(s);
        for (int i = s.length(); i < width; i++) b.append(' ');
        return b;
    }

    /** Column widths: the header's, or the widest value (ram and swap over every row, running or not). */
    private static final class Widths {
        int name = 4, state = 5, groups = 6, iface = 9, ipv4 = 4, ipv6 = 4, pid = 3, ram = 3, swap = 4,
                autostart = 9, unprivileged = 12;

        Widths(List<Row> rows) {
            for (Row r : rows) {
                name = Math.max(name, r.name().length());
                if (r.state() != null) state = Math.max(state, r.state().length());
                if (r.groups() != null) groups = Math.max(groups, r.groups().length());
                if (r.iface() != null) iface = Math.max(iface, r.iface().length());
                if (r.ipv4() != null) ipv4 = Math.max(ipv4, r.ipv4().length());
                if (r.ipv6() != null) ipv6 = Math.max(ipv6, r.ipv6().length());
                ram = Math.max(ram, Text.twoDecimals(r.ramMib()).length());
                swap = Math.max(swap, Text.twoDecimals(r.swapMib()).length());
                if (r.pid() != -1) pid = Math.max(pid, Integer.toString(r.pid()).length());
            }
        }

        int of(String col) {
            return switch (col) {
                case "NAME" -> name;
                case "STATE" -> state;
                case "PID" -> pid;
                case "AUTOSTART" -> autostart;
                case "GROUPS" -> groups;
                case "INTERFACE" -> iface;
                case "IPV4" -> ipv4;
                case "IPV6" -> ipv6;
                case "UNPRIVILEGED" -> unprivileged;
                default -> throw new IllegalArgumentException(col);
            };
        }
    }
}
