package org.jlxc.cgroup;

import java.nio.file.Path;
import java.util.List;

/**
 * One mounted cgroup hierarchy of the host.
 *
 * @param mountPoint  where it is mounted, e.g. /sys/fs/cgroup/memory
 * @param controllers v1 controllers ("cpu", "name=systemd"); empty for the v2 (unified) hierarchy
 * @param unified     whether it is cgroup2
 * @param ownCgroup   the cgroup of this process in it, from /proc/self/cgroup ("/" at the root)
 */
public record Hierarchy(Path mountPoint, List<String> controllers, boolean unified, String ownCgroup) {
    /** The directory of a cgroup path (absolute within the hierarchy) on the host. */
    public Path dir(String cgroup) {
        String rel = cgroup.startsWith("/") ? cgroup.substring(1) : cgroup;
        return rel.isEmpty() ? mountPoint : mountPoint.resolve(rel);
    }

    /** The mount options that make the same hierarchy: "memory", "name=systemd"; "" for cgroup2. */
    public String mountOptions() {
        return String.join(",", controllers);
    }

    public boolean has(String controller) {
        return controllers.contains(controller);
    }
}
