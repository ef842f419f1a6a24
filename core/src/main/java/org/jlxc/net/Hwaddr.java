package org.jlxc.net;

import java.util.regex.Pattern;
import java.util.random.RandomGenerator;

/**
 * A MAC address as {@code lxc.net.N.hwaddr} gives it, its {@code x} placeholders resolved.
 *
 * @param value six lowercase hex octets separated by colons
 */
public record Hwaddr(String value) {
    private static final String HEX = "0123456789abcdef";
    private static final Pattern RESOLVED = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

    /** A line of a config file that sets a hwaddr: LXC's lxc_config_net_is_hwaddr (confile_utils.c). */
    private static final Pattern HWADDR_LINE =
            Pattern.compile("\\s*lxc\\.net(work)?\\.(hwaddr|\\d+\\.hwaddr).*", Pattern.DOTALL);

    public Hwaddr {
        if (!RESOLVED.matcher(value).matches()) {
            throw new IllegalArgumentException("not a resolved MAC address: " + value);
        }
    }

    /**
     * Resolves a config value: each {@code x} or {@code X} becomes a random hex digit, as LXC's
     * rand_complete_hwaddr (confile_utils.c); the one at position 1 (the low nibble of the first
     * octet) only an even digit, so that the address stays unicast.
     *
     * @throws IllegalArgumentException when the value is not {@code xx:xx:xx:xx:xx:xx} (the parser
     *                                  of the config already refused those)
     */
    public static Hwaddr resolve(String template, RandomGenerator random) {
        return new Hwaddr(complete(template, random).toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether the value still has placeholders (and so gives another address at each resolve). */
    public static boolean hasPlaceholders(String template) {
        return template.indexOf('x') >= 0 || template.indexOf('X') >= 0;
    }

    private static String complete(String v, RandomGenerator random) {
        char[] c = v.toCharArray();
        for (int i = 0; i < c.length && c[i] != '\n'; i++) {
            if (c[i] == 'x' || c[i] == 'X') {
                c[i] = HEX.charAt(random.nextInt(16) & (i == 1 ? 0x0E : 0x0F));
            }
        }
        return new String(c);
    }

    /**
     * A config file line with its hwaddr placeholders resolved, any other line as it is: what LXC's
     * update_hwaddr (confile.c) does to each line of a container's main config file as it reads it,
     * so that the next save_config (lxc-create's) keeps one address for good. Comments and lines
     * without a value are left alone.
     */
    public static String completeLine(String line, RandomGenerator random) {
        if (!HWADDR_LINE.matcher(line).matches()) {
            return line;
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
            return line;
        }
        int start = eq + 1;
        while (start < line.length() && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
            start++;
        }
        if (start == line.length() || !hasPlaceholders(line.substring(start))) {
            return line;
        }
        return line.substring(0, start) + complete(line.substring(start), random);
    }

    @Override
    public String toString() {
        return value;
    }
}
