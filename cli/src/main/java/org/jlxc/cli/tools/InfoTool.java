package org.jlxc.cli.tools;

import java.util.List;

import org.jlxc.Container;
import org.jlxc.cgroup.CgroupLayout;
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
        if (!c.isDefined()) {
            inv.err().println(c.name() + " doesn't exist");
            return 1;
        }
        List<String> keys = inv.values("config");
        for (String key : keys) {
            List<String> values;
            try {
                values = c.getConfigItem(key);
            } catch (IllegalArgumentException e) {
                inv.out().println(key + " invalid"); // as lxc-info, which goes on
                continue;
            }
            for (String v : values) inv.out().println(key + " = " + v);
        }
        boolean all = !inv.has("state") && !inv.has("pid") && !inv.has("ips") && !inv.has("stats") && keys.isEmpty();
        MonitorStatus status = c.status();
        ContainerState state = status == null ? ContainerState.STOPPED : status.state();
        boolean raw = inv.has("no-humanize");
        CgroupStats stats = status != null && (all || inv.has("stats"))
                ? CgroupStats.of(ContainerCgroup.of(CgroupLayout.ofHost(), c.name())) : null;
        if (inv.has("json")) {
            inv.out().println(json(c.name(), state, status, stats));
            return 0;
        }
        // As lxc-info: -H with -s or -p prints bare values, for scripts (`lxc-info -pH`).
        boolean bare = raw && !all;
        if (all) line(inv, "Name:", c.name());
        if (all || inv.has("state")) {
            if (bare) inv.out().println(state.name());
            else line(inv, "State:", state.name());
        }
        if (status != null && status.initPid() > 0 && (all || inv.has("pid"))) {
            if (bare) inv.out().println(status.initPid());
            else line(inv, "PID:", Integer.toString(status.initPid()));
        }
        if (stats != null) {
            if (stats.cpuNanos() != null) {
                line(inv, "CPU use:", raw ? stats.cpuNanos().toString()
                        : Text.twoDecimals(stats.cpuNanos() / 1e9) + " seconds");
            }
            if (stats.blkioBytes() != null) line(inv, "BlkIO use:", size(stats.blkioBytes(), raw));
            if (stats.memoryBytes() != null) line(inv, "Memory use:", size(stats.memoryBytes(), raw));
            if (stats.kmemBytes() != null) line(inv, "KMem use:", size(stats.kmemBytes(), raw));
        }
        return 0;
    }

    private static void line(Invocation inv, String label, String value) {
        inv.out().println(Text.padRight(label, 16) + value);
    }

    /** As LXC: plain bytes under 1 KiB, else KiB, MiB or GiB with two decimals. */
    static String size(long bytes, boolean raw) {
        if (raw) return Long.toString(bytes);
        if (bytes < 1024) return bytes + " bytes";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return Text.twoDecimals(v) + " " + units[u];
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
