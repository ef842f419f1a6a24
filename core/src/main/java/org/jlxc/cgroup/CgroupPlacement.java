package org.jlxc.cgroup;

/**
 * Where below each hierarchy's base a container's cgroup goes, from the config keys LXC 5's
 * cgfsng reads: by default `lxc.payload.NAME`; with `lxc.cgroup.dir = D`, `D/lxc.payload.NAME`;
 * with `lxc.cgroup.dir.container = P`, exactly `P`. The first two get a `-1`, `-2`... suffix
 * while the name is held by another running container (as LXC); an exact path never does.
 *
 * @param dir          lxc.cgroup.dir, or null
 * @param containerDir lxc.cgroup.dir.container, or null
 */
public record CgroupPlacement(String dir, String containerDir) {
    /** LXC's DEFAULT_PAYLOAD_CGROUP_PREFIX. */
    public static final String PAYLOAD_PREFIX = "lxc.payload.";
    /** LXC tries the plain name, then -1 ... -999. */
    static final int MAX_SUFFIX = 999;

    public static final CgroupPlacement DEFAULT = new CgroupPlacement(null, null);

    /**
     * Checks the keys as LXC's config parser and check_cgroup_dir_config do.
     *
     * @param monitorDir lxc.cgroup.dir.monitor, or null (checked for the pairing rule only)
     * @throws IllegalArgumentException with LXC's reason, for the caller to name the key's origin
     */
    public static CgroupPlacement of(String dir, String containerDir, String monitorDir) {
        checkPath("lxc.cgroup.dir", dir);
        checkPath("lxc.cgroup.dir.container", containerDir);
        checkPath("lxc.cgroup.dir.monitor", monitorDir);
        if (containerDir != null || monitorDir != null) {
            if (dir != null) {
                throw new IllegalArgumentException("lxc.cgroup.dir conflicts with lxc.cgroup.dir.container/monitor");
            }
            if (containerDir == null || monitorDir == null) {
                throw new IllegalArgumentException("lxc.cgroup.dir.container and lxc.cgroup.dir.monitor must both be set");
            }
        }
        return new CgroupPlacement(dir, containerDir);
    }

    private static void checkPath(String key, String value) {
        if (value == null) return;
        if (value.isEmpty() || value.startsWith("/")) {
            throw new IllegalArgumentException(key + " must be a relative path: \"" + value + "\"");
        }
        for (String part : value.split("/")) {
            if (part.equals("..")) throw new IllegalArgumentException(key + " may not walk upwards via \"..\": \"" + value + "\"");
        }
    }

    /** Whether a taken name is retried with a suffix. */
    public boolean retries() {
        return containerDir == null;
    }

    /** The cgroup path below the base for attempt `idx` (0: no suffix). */
    public String candidate(String name, int idx) {
        if (containerDir != null) return strip(containerDir);
        String leaf = PAYLOAD_PREFIX + name + (idx == 0 ? "" : "-" + idx);
        return dir == null ? leaf : strip(dir) + "/" + leaf;
    }

    private static String strip(String path) {
        String p = path;
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.replaceAll("/+", "/");
    }
}
