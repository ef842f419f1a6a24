package org.jlxc.config;

/**
 * One {@code lxc.cgroup.KEY = VALUE} (version 1) or {@code lxc.cgroup2.KEY = VALUE} (version 2) line.
 * LXC does not check the controller; a bad one fails only at start, so the origin is kept.
 */
public record CgroupSetting(int version, String key, String value, Origin origin) {
    /** The controller: the part of the key before the first dot ({@code devices} of {@code devices.allow}). */
    public String controller() {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }
}
