package org.jlxc.cgroup;

import java.io.IOException;
import java.nio.file.Files;

/** The SWAP column of lxc-ls: the "swap" entry of the container's memory.stat, as LXC reads it. */
public final class SwapUse {
    private SwapUse() {}

    /** Bytes of swap the container uses; 0 when the host does not say (as lxc-ls). */
    public static long of(ContainerCgroup cgroup) {
        // The memory controller's hierarchy (v1), else the unified one.
        for (boolean v1 : new boolean[] {true, false}) {
            for (Hierarchy h : cgroup.hierarchies()) {
                if (v1 ? !h.has("memory") : !h.unified()) continue;
                try {
                    return fromMemoryStat(Files.readString(cgroup.dirIn(h).resolve("memory.stat")));
                } catch (IOException e) {
                    // no memory.stat there: look on
                }
            }
        }
        return 0;
    }

    /**
     * LXC's reading: the first line after the first that starts with "swap", its value being
     * what follows the five characters "swap "; no such line or no number there is 0. On
     * cgroup2 that first line is "swapcached" (there is no "swap"), which reads as 0, as in LXC.
     */
    static long fromMemoryStat(String stat) {
        int at = stat.indexOf("\nswap");
        if (at < 0) return 0;
        int from = at + 6;
        int end = stat.indexOf('\n', from);
        if (end < 0 || from > end) return 0;
        String v = stat.substring(from, end).strip();
        int digits = 0;
        while (digits < v.length() && Character.isDigit(v.charAt(digits))) digits++;
        try {
            return digits == 0 ? 0 : Long.parseLong(v.substring(0, digits));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
