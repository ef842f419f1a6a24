package org.jlxc.cgroup;

/**
 * Where below each hierarchy's base a container's cgroups go, from the config keys LXC 5's
 * cgfsng reads. The payload (init and everything in the container): by default
 * `lxc.payload.NAME`; with `lxc.cgroup.dir = D`, `D/lxc.payload.NAME`; with
 * `lxc.cgroup.dir.container = P`, exactly `P`. The monitor (the shim) likewise:
 * `lxc.monitor.NAME`, `D/lxc.monitor.NAME`, or exactly `lxc.cgroup.dir.monitor`. The first two
 * get a `-1`, `-2`... suffix while the name is held by another running container (as LXC),
 * each cgroup its own; an exact path never does.
 *
 * @param dir          lxc.cgroup.dir, or null
 * @param containerDir lxc.cgroup.dir.container, or null
 * @param monitorDir   lxc.cgroup.dir.monitor, or null (set exactly when containerDir is)
 * @param monitorPivot lxc.cgroup.dir.monitor.pivot, or null
 * @param inner        lxc.cgroup.dir.container.inner, or null: init's cgroup below the payload's
 *                     (LXC's namespace_dir), so that the limits on the payload's are out of the
 *                     container's reach (its cgroup namespace starts below them)
 */
public record CgroupPlacement(String dir, String containerDir, String monitorDir, String monitorPivot, String inner) {
    /** LXC's DEFAULT_PAYLOAD_CGROUP_PREFIX. */
    public static final String PAYLOAD_PREFIX = "lxc.payload.";
    /** LXC's DEFAULT_MONITOR_CGROUP_PREFIX. */
    public static final String MONITOR_PREFIX = "lxc.monitor.";
    /** LXC's CGROUP_PIVOT: where a monitor goes to leave its own cgroup before removing it. */
    public static final String PIVOT = "lxc.pivot";
    /** LXC tries the plain name, then -1 ... -999. */
    static final int MAX_SUFFIX = 999;

    public static final CgroupPlacement DEFAULT = new CgroupPlacement(null, null, null, null, null);

    /**
     * Checks the keys as LXC's config parser and check_cgroup_dir_config do.
     *
     * @param monitorDir lxc.cgroup.dir.monitor, or null
     * @throws BadKey with LXC's reason and the key at fault, for the caller to name its origin
     */
    public static CgroupPlacement of(String dir, String containerDir, String monitorDir) {
        return of(dir, containerDir, monitorDir, null, null);
    }

    /**
     * @param monitorPivot lxc.cgroup.dir.monitor.pivot, or null
     * @param inner        lxc.cgroup.dir.container.inner, or null
     */
    public static CgroupPlacement of(String dir, String containerDir, String monitorDir, String monitorPivot,
                                     String inner) {
        checkPath("lxc.cgroup.dir.monitor.pivot", monitorPivot);
        checkPath("lxc.cgroup.dir.container.inner", inner);
        if (inner != null && containerDir == null && monitorDir == null) {
            // LXC's check_cgroup_dir_config: the inner directory is one of the explicit placement keys.
            throw new BadKey("lxc.cgroup.dir.container.inner",
                    "lxc.cgroup.dir.container and lxc.cgroup.dir.monitor must both be set");
        }
        checkPath("lxc.cgroup.dir", dir);
        checkPath("lxc.cgroup.dir.container", containerDir);
        checkPath("lxc.cgroup.dir.monitor", monitorDir);
        if (containerDir != null || monitorDir != null) {
            if (dir != null) {
                throw new BadKey("lxc.cgroup.dir", "lxc.cgroup.dir conflicts with lxc.cgroup.dir.container/monitor");
            }
            if (containerDir == null || monitorDir == null) {
                throw new BadKey(containerDir != null ? "lxc.cgroup.dir.container" : "lxc.cgroup.dir.monitor",
                        "lxc.cgroup.dir.container and lxc.cgroup.dir.monitor must both be set");
            }
            if (strip(containerDir).equals(strip(monitorDir))) {
                // LXC would fail to create the second (EEXIST); say why instead.
                throw new BadKey("lxc.cgroup.dir.monitor",
                        "lxc.cgroup.dir.monitor must differ from lxc.cgroup.dir.container: \"" + monitorDir + "\"");
            }
        }
        if (inner != null && dir != null) {
            throw new BadKey("lxc.cgroup.dir", "lxc.cgroup.dir conflicts with lxc.cgroup.dir.container/monitor");
        }
        return new CgroupPlacement(dir, containerDir, monitorDir, monitorPivot, inner == null ? null : strip(inner));
    }

    private static void checkPath(String key, String value) {
        if (value == null) return;
        if (value.isEmpty() || value.startsWith("/")) {
            throw new BadKey(key, key + " must be a relative path: \"" + value + "\"");
        }
        for (String part : value.split("/")) {
            if (part.equals("..")) throw new BadKey(key, key + " may not walk upwards via \"..\": \"" + value + "\"");
        }
    }

    /** Whether a taken name is retried with a suffix. */
    public boolean retries() {
        return containerDir == null;
    }

    /** The payload's cgroup path below the base for attempt `idx` (0: no suffix). */
    public String candidate(String name, int idx) {
        if (containerDir != null) return strip(containerDir);
        return inDir(PAYLOAD_PREFIX + name + (idx == 0 ? "" : "-" + idx));
    }

    /** The monitor's cgroup path below the base for attempt `idx` (0: no suffix). */
    public String monitorCandidate(String name, int idx) {
        if (monitorDir != null) return strip(monitorDir);
        return inDir(MONITOR_PREFIX + name + (idx == 0 ? "" : "-" + idx));
    }

    /**
     * The cgroup the monitor moves to before it removes its own, as LXC's monitor_destroy:
     * `lxc.pivot` below lxc.cgroup.dir.monitor.pivot when set, else below lxc.cgroup.dir when
     * set. Shared by every container; it stays.
     */
    public String pivot() {
        return monitorPivot != null ? strip(monitorPivot) + "/" + PIVOT : inDir(PIVOT);
    }

    private String inDir(String leaf) {
        return dir == null ? leaf : strip(dir) + "/" + leaf;
    }

    private static String strip(String path) {
        String p = path;
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.replaceAll("/+", "/");
    }

    /** A bad placement key: `key` is the one whose line the message should name. */
    public static final class BadKey extends IllegalArgumentException {
        private final String key;

        BadKey(String key, String message) {
            super(message);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
