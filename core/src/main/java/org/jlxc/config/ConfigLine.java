package org.jlxc.config;

/**
 * One applied configuration line.
 *
 * @param key     canonical (LXC 5.x) key name, e.g. {@code lxc.net.0.type} for a legacy {@code lxc.network.type}
 * @param written the key exactly as it was written
 * @param value   the value, trimmed and unquoted
 * @param origin  where it came from
 */
public record ConfigLine(String key, String written, String value, Origin origin) {
    public boolean legacy() {
        return !key.equals(written);
    }
}
