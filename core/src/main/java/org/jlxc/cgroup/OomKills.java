package org.jlxc.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many processes of a container the out-of-memory killer took during its run: v2
 * `memory.events`, v1 `memory.oom_control` (both have an `oom_kill N` line). LXC reports no
 * such thing; jlxc logs it at the end of a run, before the cgroups are removed, because a
 * container that "just stopped" is often one whose init the OOM killer took.
 */
public final class OomKills {
    private OomKills() {}

    /** The count, 0 when no memory controller (or no such line) is there. */
    public static long of(ContainerCgroup cgroup) {
        long kills = 0;
        for (Hierarchy h : cgroup.hierarchies()) {
            Path dir = cgroup.dirIn(h);
            for (String file : new String[] {"memory.events", "memory.oom_control"}) {
                try {
                    kills = Math.max(kills, parse(Files.readString(dir.resolve(file))));
                } catch (IOException e) {
                    // not this version's file
                }
            }
        }
        return kills;
    }

    /** The `oom_kill` value of a memory.events or memory.oom_control text. */
    static long parse(String text) {
        for (String line : text.split("\n")) {
            String[] kv = line.strip().split(" ");
            if (kv.length == 2 && kv[0].equals("oom_kill")) {
                try {
                    return Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
