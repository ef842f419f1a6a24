package org.jlxc.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jlxc.config.CgroupSetting;

/**
 * How many processes of a container the out-of-memory killer took during its run: v2
 * `memory.events`, v1 `memory.oom_control` (both have an `oom_kill N` line). LXC 5 reports no
 * such thing (its log says "Child <pid> ended on signal Killed(9)" at INFO, lxc-monitor
 * "exited with status [0]"); jlxc reports it as a warning at the end of a run, before the
 * cgroups are removed, because a container that "just stopped" is often one whose init the
 * OOM killer took.
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

    /**
     * Whether the settings limit the container's memory (`lxc.cgroup.memory.*`,
     * `lxc.cgroup2.memory.*`): then its post-stop work looks for out-of-memory kills. (The
     * shim's own post-stop work does not, see PostStop.shimCleanup.)
     */
    public static boolean limited(List<CgroupSetting> settings) {
        for (CgroupSetting s : settings) {
            if (s.controller().equals("memory")) return true;
        }
        return false;
    }

    /**
     * The stop reason to report for `kills` out-of-memory kills, or null for none.
     *
     * @param waitStatus init's wait status, or -1 when unknown
     */
    public static String report(String container, long kills, int waitStatus) {
        if (kills <= 0) return null;
        String what = "the out-of-memory killer killed " + kills + " process(es) of container \"" + container
                + "\" (its cgroup reached its memory limit)";
        // Two facts side by side: a SIGKILL may also be lxc-stop -k after an earlier kill of a child.
        return waitStatus >= 0 && (waitStatus & 0x7f) == 9 ? "init was killed by SIGKILL; " + what
                : what + " during this run";
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
