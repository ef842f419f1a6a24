package org.jlxc.cli.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

import org.jlxc.Container;
import org.jlxc.cgroup.CgroupStats;
import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.cgroup.SwapUse;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.config.ContainerConfig;
import org.jlxc.linux.Linux;
import org.jlxc.linux.NetDevices;
import org.jlxc.runtime.ContainerState;
import org.jlxc.runtime.MonitorStatus;

/** lxc-ls: the containers of an lxcpath, by name or as a table with LXC's columns. */
public final class LsTool implements Tool {
    @Override public String name() { return "ls"; }

    @Override public String summary() { return "list containers"; }

    @Override public boolean needsName() { return false; }

    @Override
    public String description() {
        return """
                lxc-ls [-1] [-f [-F COLUMNS]] [--active|--running|--stopped|--frozen|--defined] [-g GROUPS] [FILTER]

                lxc-ls lists the containers of the lxcpath, those whose name matches the
                regular expression FILTER (or --filter) when one is given.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.flag('1', "line", "one container per line"),
                Option.flag('f', "fancy", "a table of the containers' details"),
                Option.withArg('F', "fancy-format", "COLUMNS", "the table's columns (with -f), comma-separated:\n"
                        + String.join(",", LsLayout.COLUMNS)),
                new Option((char) 0, "active", Option.Arg.NONE, null, "only the running or frozen containers"),
                new Option((char) 0, "running", Option.Arg.NONE, null, "only the running containers"),
                new Option((char) 0, "stopped", Option.Arg.NONE, null, "only the stopped containers"),
                new Option((char) 0, "frozen", Option.Arg.NONE, null, "only the frozen containers"),
                new Option((char) 0, "defined", Option.Arg.NONE, null, "only the defined containers"),
                Option.withArg('g', "groups", "GROUPS", "only containers in all of these groups (comma-separated)"),
                new Option((char) 0, "filter", Option.Arg.REQUIRED, "REGEX", "only names matching REGEX"),
                new Option((char) 0, "json", Option.Arg.NONE, null, "print a JSON array instead (not in LXC)"));
    }

    /** One container as LsLayout prints it, plus what --json adds. */
    private record Entry(LsLayout.Row row, List<String> groups) {}

    @Override
    public int run(Invocation inv) throws Exception {
        // As lxc-ls: --filter, else a single argument; a bad expression matches nothing.
        String filter = inv.has("filter") ? inv.value("filter") : inv.arguments().size() == 1 ? inv.arguments().getFirst() : null;
        Pattern pattern = null;
        boolean badFilter = false;
        try {
            pattern = filter == null ? null : Pattern.compile(filter);
        } catch (PatternSyntaxException e) {
            badFilter = true;
        }
        boolean fancy = inv.has("fancy") || inv.has("json");
        List<String> wantGroups = inv.has("groups")
                ? Stream.of(inv.value("groups").split(",")).map(String::strip).toList() : null;
        List<Entry> entries = new ArrayList<>();
        for (String name : badFilter ? List.<String>of() : names(inv.lxcpath())) {
            if (pattern != null && !pattern.matcher(name).find()) continue;
            Container c = new Container(name, inv.lxcpath(), ContainerArgs.warnings(inv));
            ContainerConfig config;
            try {
                config = c.config();
            } catch (org.jlxc.config.ConfigException e) {
                inv.err().println(inv.program() + ": " + e.getMessage());
                continue;
            }
            MonitorStatus status = c.status();
            ContainerState state = status == null ? ContainerState.STOPPED : status.state();
            if (!wanted(inv, state)) continue;
            if (wantGroups != null && !config.groups().containsAll(wantGroups)) continue;
            entries.add(new Entry(fancy ? details(c, config, state, status) : nameOnly(name), config.groups()));
        }
        List<LsLayout.Row> rows = entries.stream().map(Entry::row).toList();
        if (inv.has("json")) {
            inv.out().println(json(entries));
        } else if (inv.has("fancy")) {
            List<String> columns = inv.has("fancy-format")
                    ? Stream.of(inv.value("fancy-format").split(",")).map(String::strip).toList() : LsLayout.FANCY;
            String invalid = LsLayout.invalidColumn(columns);
            if (invalid != null && !rows.isEmpty()) {
                inv.err().println("Invalid key: " + invalid); // lxc-ls's words, and it exits 0
            } else {
                inv.out().print(LsLayout.table(rows, columns));
            }
        } else if (inv.has("line")) {
            rows.forEach(r -> inv.out().println(r.name()));
        } else {
            // -F without -f is ignored, as by lxc-ls
            inv.out().print(LsLayout.names(rows.stream().map(LsLayout.Row::name).toList(), Linux.terminalColumns()));
        }
        return 0;
    }

    private static LsLayout.Row nameOnly(String name) {
        return new LsLayout.Row(name, null, -1, 0, 0, false, false, null, null, null, null, false);
    }

    /** What -f shows, read as lxc-ls reads it: memory from the cgroup, interfaces from init's namespace. */
    private static LsLayout.Row details(Container c, ContainerConfig config, ContainerState state, MonitorStatus status) {
        boolean running = state != ContainerState.STOPPED;
        int pid = running && status.initPid() > 0 ? status.initPid() : -1;
        double ram = 0, swap = 0;
        String iface = null, ipv4 = null, ipv6 = null;
        if (running) {
            ContainerCgroup cg = c.cgroup();
            if (cg != null) {
                Long bytes = CgroupStats.of(cg).memoryBytes();
                ram = bytes == null ? 0 : bytes / 1048576.0;
                swap = SwapUse.of(cg) / 1048576; // whole MiB, as lxc-ls
            }
            List<String> devices = pid > 0 ? NetDevices.of(pid) : List.of();
            iface = devices.isEmpty() ? null : String.join(", ", devices);
            if (pid > 0) {
                // As lxc-ls: get_ips(NULL, family, 0), joined by ", "; "-" when none.
                org.jlxc.runtime.ContainerInterfaces net = org.jlxc.runtime.ContainerInterfaces.ofAllButLoopback(pid);
                List<String> v4 = net.ips(null, "inet", 0), v6 = net.ips(null, "inet6", 0);
                ipv4 = v4.isEmpty() ? null : String.join(", ", v4);
                ipv6 = v6.isEmpty() ? null : String.join(", ", v6);
            }
        }
        String groups = config.groups().isEmpty() ? null : String.join(", ", config.groups());
        boolean unprivileged = !config.get("lxc.idmap").isEmpty();
        return new LsLayout.Row(c.name(), state.name(), pid, ram, swap, running, Boolean.TRUE.equals(config.startAuto()),
                groups, iface, ipv4, ipv6, unprivileged);
    }

    private static boolean wanted(Invocation inv, ContainerState s) {
        boolean any = inv.has("active") || inv.has("running") || inv.has("stopped") || inv.has("frozen");
        if (!any) return true;
        // As lxc-ls: "running" is any state but STOPPED, each filter narrows.
        if ((inv.has("active") || inv.has("running")) && s == ContainerState.STOPPED) return false;
        if (inv.has("frozen") && !inv.has("active") && s != ContainerState.FROZEN) return false;
        return !inv.has("stopped") || s == ContainerState.STOPPED;
    }

    /** Containers are the directories of the lxcpath holding a config file, sorted by name. */
    static List<String> names(Path lxcpath) throws IOException {
        if (!Files.isDirectory(lxcpath)) return List.of();
        try (Stream<Path> s = Files.list(lxcpath)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("config")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String json(List<Entry> entries) {
        StringBuilder b = new StringBuilder("[");
        for (Entry e : entries) {
            LsLayout.Row r = e.row();
            if (b.length() > 1) b.append(", ");
            b.append("{\"name\": ").append(Json.string(r.name())).append(", \"state\": ")
                    .append(Json.string(r.state()));
            if (r.pid() > 0) b.append(", \"pid\": ").append(r.pid());
            b.append(", \"autostart\": ").append(r.autostart()).append(", \"groups\": [")
                    .append(String.join(", ", e.groups().stream().map(Json::string).toList())).append("]}");
        }
        return b.append(']').toString();
    }
}
