package org.jlxc.cli.tools;

import java.util.List;

import org.jlxc.Container;
import org.jlxc.cgroup.CgroupStats;
import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.runtime.ContainerState;
import org.jlxc.runtime.MonitorStatus;

/** lxc-info: a container's state, init pid and resource use, in LXC's layout. */
public final class InfoTool implements Tool {
    @Override public String name() { return "info"; }

    @Override public String summary() { return "show a container's state, pid and resource use"; }

    @Override
    public String description() {
        return """
                lxc-info --name=NAME [-s] [-p] [-i] [-S] [-H] [-c KEY]...

                lxc-info shows the state of container NAME and, when it runs, its init's pid
                and resource use. Without options it shows everything.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.withArg('c', "config", "KEY", "show the value of a configuration key (repeatable)"),
                Option.flag('s', "state", "show the state"),
                Option.flag('p', "pid", "show init's pid"),
                Option.flag('i', "ips", "show the IP addresses"),
                Option.flag('S', "stats", "show CPU, block I/O and memory use"),
                Option.flag('H', "no-humanize", "show the statistics as raw numbers"),
                new Option((char) 0, "json", Option.Arg.NONE, null, "print a JSON object instead (not in LXC)"));
    }

    @Override
    public int run(Invocation inv) throws Exception {
        Container c = new Container(inv.name(), inv.lxcpath(), ContainerArgs.warnings(inv));
        MonitorStatus status = c.status();
        if (!c.isDefined() && status == null) {
            inv.err().println(c.name() + " doesn't exist");
            return 1;
        }
        List<String> keys = inv.values("config");
        boolean all = !inv.has("state") && !inv.has("pid") && !inv.has("ips") && !inv.has("stats") && keys.isEmpty();
        boolean showState = all || inv.has("state"), showPid = all || inv.has("pid"), showStats = all || inv.has("stats");
        ContainerState state = status == null ? ContainerState.STOPPED : status.state();
        boolean raw = inv.has("no-humanize");
        ContainerCgroup cgroup = status != null && showStats ? c.cgroup() : null;
        CgroupStats stats = cgroup != null ? CgroupStats.of(cgroup) : null;
        if (inv.has("json")) {
            inv.out().println(json(c.name(), state, status, stats));
            return 0;
        }
        // As lxc-info: -H with a single selector prints the bare value (`lxc-info -pH`); -S counts as five.
        int selectors = (inv.has("state") ? 1 : 0) + (inv.has("pid") ? 1 : 0) + (inv.has("ips") ? 1 : 0)
                + (inv.has("stats") ? 5 : 0);
        boolean bare = raw && selectors == 1;
        if (all) line(inv, "Name:", c.name());
        if (showState) value(inv, bare, "State:", state.name());
        if (status != null && status.initPid() > 0 && showPid) value(inv, bare, "PID:", Integer.toString(status.initPid()));
        org.jlxc.runtime.ContainerInterfaces net = status != null && status.initPid() > 0
                && (all || inv.has("ips") || stats != null)
                ? org.jlxc.runtime.ContainerInterfaces.ofAllButLoopback(status.initPid()) : null;
        if (net != null && (all || inv.has("ips"))) {
            // As lxc-info: every address but lo's and IPv6 link-local ones (get_ips with scope 0).
            for (String ip : net.ips(null, null, 0)) {
                value(inv, bare, "IP:", ip);
            }
        }
        if (stats != null) {
            if (stats.cpuNanos() != null) {
                line(inv, "CPU use:", raw ? stats.cpuNanos().toString() : cpuSeconds(stats.cpuNanos()));
            }
            if (stats.blkioBytes() != null) line(inv, "BlkIO use:", size(stats.blkioBytes(), raw));
            // LXC shows memory only when it can read both figures.
            if (stats.memoryBytes() != null && stats.kmemBytes() != null) {
                line(inv, "Memory use:", size(stats.memoryBytes(), raw));
                line(inv, "KMem use:", size(stats.kmemBytes(), raw));
            }
            // As lxc-info: each veth's host end with its counters (the host's view: TX is what it sent).
            for (String link : net == null ? List.<String>of() : net.hostVethEnds()) {
                long tx = counter(link, "tx_bytes"), rx = counter(link, "rx_bytes");
                line(inv, "Link:", link);
                line(inv, " TX bytes:", size(tx, raw));
                line(inv, " RX bytes:", size(rx, raw));
                line(inv, " Total bytes:", size(tx + rx, raw));
            }
        }
        for (String key : keys) {
            List<String> values;
            try {
                values = c.getConfigItem(key);
            } catch (IllegalArgumentException e) {
                inv.err().println(key + " invalid"); // as lxc-info, which goes on
                continue;
            }
            String v = String.join("\n", values);
            if (raw && keys.size() == 1) inv.out().println(v);
            else inv.out().println(v.isEmpty() ? key + " =" : key + " = " + v);
        }
        return 0;
    }

    /** /sys/class/net/LINK/statistics/NAME, 0 when unreadable (the device went away). */
    private static long counter(String link, String name) {
        try {
            return Long.parseLong(java.nio.file.Files.readString(
                    java.nio.file.Path.of("/sys/class/net", link, "statistics", name)).strip());
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static void value(Invocation inv, boolean bare, String label, String value) {
        if (bare) inv.out().println(value);
        else line(inv, label, value);
    }

    private static void line(Invocation inv, String label, String value) {
        inv.out().println(Text.padRight(label, 15) + " " + value);
    }

    /** As lxc-info: the nanoseconds read as a C float, in seconds with two decimals. */
    static String cpuSeconds(long nanos) {
        float seconds = (float) ((float) nanos / 1_000_000_000.0);
        return Text.twoDecimals(seconds) + " seconds";
    }

    /**
     * lxc-info's sizes: bytes up to 1 KiB, then KiB, MiB up to 1 GiB and GiB, with two
     * decimals; the decimals of KiB and MiB are rounded (+5 bytes, +5243 bytes) then cut,
     * those of GiB cut.
     */
    static String size(long bytes, boolean raw) {
        if (raw) return Long.toString(bytes);
        if (bytes > 1L << 30) {
            return (bytes >> 30) + "." + Text.twoDigits((bytes & ((1L << 30) - 1)) / 10737419) + " GiB";
        }
        if (bytes > 1L << 20) {
            long x = bytes + 5243;
            return (x >> 20) + "." + Text.twoDigits(((x & ((1L << 20) - 1)) * 100) >> 20) + " MiB";
        }
        if (bytes > 1L << 10) {
            long x = bytes + 5;
            return (x >> 10) + "." + Text.twoDigits(((x & ((1L << 10) - 1)) * 100) >> 10) + " KiB";
        }
        return bytes + " bytes";
    }

    private static String json(String name, ContainerState state, MonitorStatus status, CgroupStats stats) {
        StringBuilder b = new StringBuilder("{\"name\": ").append(Json.string(name))
                .append(", \"state\": ").append(Json.string(state.name()));
        if (status != null && status.initPid() > 0) b.append(", \"pid\": ").append(status.initPid());
        if (stats != null) {
            if (stats.cpuNanos() != null) b.append(", \"cpu_ns\": ").append(stats.cpuNanos());
            if (stats.blkioBytes() != null) b.append(", \"blkio_bytes\": ").append(stats.blkioBytes());
            if (stats.memoryBytes() != null) b.append(", \"memory_bytes\": ").append(stats.memoryBytes());
            if (stats.kmemBytes() != null) b.append(", \"kmem_bytes\": ").append(stats.kmemBytes());
        }
        return b.append('}').toString();
    }
}
