package org.jlxc.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The network interfaces of a process's network namespace (lxc-ls's INTERFACE column). */
public final class NetDevices {
    private NetDevices() {}

    /** The names in /proc/PID/net/dev (that namespace's view), in the kernel's order; empty when gone. */
    public static List<String> of(int pid) {
        try {
            return parse(Files.readString(Path.of("/proc/" + pid + "/net/dev")));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** /proc/net/dev: two header lines, then "NAME: counters..." per interface. */
    static List<String> parse(String dev) {
        List<String> names = new ArrayList<>();
        String[] lines = dev.split("\n");
        for (int i = 2; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) names.add(lines[i].substring(0, colon).strip());
        }
        return names;
    }
}
