package org.jlxc.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's cgroup hierarchies (v1, hybrid or v2), read from mountinfo and this
 * process's cgroup membership. Parsing is separate from reading so it is testable.
 */
public record CgroupLayout(List<Hierarchy> hierarchies) {

    /** The hierarchies with this process's own cgroups as the bases. */
    public static CgroupLayout ofHost() {
        return ofHost(true);
    }

    /**
     * The hierarchies with the bases a container's cgroups go below, as LXC's cgfsng: root
     * escapes to init's cgroups (less a trailing `/init.scope`) unless `relative`
     * (lxc.cgroup.relative); anyone else stays below its own.
     */
    public static CgroupLayout ofHost(boolean relative) {
        // /proc, not geteuid(2): a command's first FFM downcall costs tens of milliseconds.
        boolean own = relative || org.jlxc.linux.ProcSelf.effectiveUid() != 0;
        try {
            CgroupLayout l = parse(Files.readString(Path.of("/proc/self/mountinfo")),
                    Files.readString(Path.of(own ? "/proc/self/cgroup" : "/proc/1/cgroup")));
            return own ? l : l.withoutInitScope();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cgroup layout from /proc", e);
        }
    }

    /** The same hierarchies with a base ending in `/init.scope` cut back to its parent (LXC's prune_init_scope). */
    public CgroupLayout withoutInitScope() {
        return new CgroupLayout(hierarchies.stream().map(h -> {
            String base = h.ownCgroup();
            if (!base.endsWith("/init.scope")) return h;
            String parent = base.substring(0, base.length() - "/init.scope".length());
            return new Hierarchy(h.mountPoint(), h.controllers(), h.unified(), parent.isEmpty() ? "/" : parent);
        }).toList());
    }

    /** The unified hierarchy, or null on a pure v1 host. */
    public Hierarchy unified() {
        return hierarchies.stream().filter(Hierarchy::unified).findFirst().orElse(null);
    }

    public static CgroupLayout parse(String mountinfo, String procCgroup) {
        Map<String, String> v1Paths = new HashMap<>(); // controller list "cpu,cpuacct" -> path
        String v2Path = null;
        for (String line : procCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) continue;
            if (f[0].equals("0") && f[1].isEmpty()) {
                v2Path = f[2];
            } else {
                v1Paths.put(f[1], f[2]);
            }
        }
        List<Hierarchy> result = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            int dash = line.indexOf(" - ");
            if (dash < 0) continue;
            String[] pre = line.substring(0, dash).split(" ");
            String[] post = line.substring(dash + 3).split(" ");
            if (pre.length < 5 || post.length < 3) continue;
            Path mountPoint = Path.of(unescape(pre[4]));
            if (!pre[3].equals("/")) continue; // a bind of a sub-cgroup, not the hierarchy itself
            if (post[0].equals("cgroup2")) {
                if (v2Path != null) result.add(new Hierarchy(mountPoint, List.of(), true, v2Path));
            } else if (post[0].equals("cgroup")) {
                List<String> controllers = Arrays.stream(post[2].split(","))
                        .filter(o -> !o.equals("rw") && !o.equals("ro") && !o.startsWith("release_agent=")
                                && !o.equals("clone_children") && !o.equals("noprefix") && !o.equals("xattr")
                                && !o.equals("nsdelegate") && !o.equals("cpuset_v2_mode"))
                        .toList();
                String own = v1Paths.get(String.join(",", controllers));
                if (own != null && result.stream().noneMatch(h -> h.controllers().equals(controllers))) {
                    result.add(new Hierarchy(mountPoint, controllers, false, own));
                }
            }
        }
        return new CgroupLayout(List.copyOf(result));
    }

    public boolean isPureV2() {
        return hierarchies.size() == 1 && hierarchies.getFirst().unified();
    }

    /** One line saying which layout this is, as lxc-checkconfig would. */
    public String describe() {
        long v1 = hierarchies.stream().filter(h -> !h.unified()).count();
        boolean v2 = hierarchies.stream().anyMatch(Hierarchy::unified);
        return v1 == 0 ? (v2 ? "cgroup v2 (unified)" : "no cgroup hierarchy mounted")
                : v2 ? "hybrid: " + v1 + " cgroup v1 hierarchies and cgroup v2" : v1 + " cgroup v1 hierarchies";
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
