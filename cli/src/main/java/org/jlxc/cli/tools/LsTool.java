package org.jlxc.cli.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

import org.jlxc.Container;
import org.jlxc.cgroup.CgroupLayout;
import org.jlxc.cgroup.CgroupStats;
import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.UsageException;
import org.jlxc.config.ContainerConfig;
import org.jlxc.runtime.ContainerState;
import org.jlxc.runtime.MonitorStatus;

/** lxc-ls: the containers of an lxcpath, by name or as a table with LXC's columns. */
public final class LsTool implements Tool {
    private static final List<String> COLUMNS =
            List.of("NAME", "STATE", "PID", "RAM", "SWAP", "AUTOSTART", "GROUPS", "INTERFACE", "IPV4", "IPV6", "UNPRIVILEGED");
    private static final String FANCY_DEFAULT = "NAME,STATE,AUTOSTART,GROUPS,IPV4,IPV6,UNPRIVILEGED";

    @Override public String name() { return "ls"; }

    @Override public String summary() { return "list containers"; }

    @Override public boolean needsName() { return false; }

    @Override
    public String description() {
        return """
                lxc-ls [-1] [-f [-F COLUMNS]] [--active|--running|--stopped|--frozen] [-g GROUPS] [FILTER]

                lxc-ls lists the containers of the lxcpath, those whose name matches the
                regular expression FILTER (or --filter) when one is given.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.flag('1', "line", "one container per line"),
                Option.flag('f', "fancy", "a table of the containers' details"),
                Option.withArg('F', "fancy-format", "COLUMNS", "the table's columns, comma-separated:\n"
                        + String.join(",", COLUMNS)),
                new Option((char) 0, "active", Option.Arg.NONE, null, "only the running or frozen containers"),
                new Option((char) 0, "running", Option.Arg.NONE, null, "only the running containers"),
                new Option((char) 0, "stopped", Option.Arg.NONE, null, "only the stopped containers"),
                new Option((char) 0, "frozen", Option.Arg.NONE, null, "only the frozen containers"),
                Option.withArg('g', "groups", "GROUPS", "only containers in one of these groups (comma-separated)"),
                new Option((char) 0, "filter", Option.Arg.REQUIRED, "REGEX", "only names matching REGEX"),
                new Option((char) 0, "json", Option.Arg.NONE, null, "print a JSON array instead (not in LXC)"));
    }

    /** One container's row, computed once. */
    private record Row(String name, ContainerState state, int pid, Long ram, boolean autostart, List<String> groups) {}

    @Override
    public int run(Invocation inv) throws Exception {
        String filter = inv.has("filter") ? inv.value("filter") : inv.arguments().isEmpty() ? null : inv.arguments().getFirst();
        Pattern pattern;
        try {
            pattern = filter == null ? null : Pattern.compile(filter);
        } catch (PatternSyntaxException e) {
            throw new UsageException("invalid filter \"" + filter + "\": " + e.getDescription());
        }
        List<String> columns = List.of((inv.has("fancy-format") ? inv.value("fancy-format") : FANCY_DEFAULT)
                .toUpperCase(Locale.ROOT).split(","));
        for (String col : columns) {
            if (!COLUMNS.contains(col)) throw new UsageException("invalid column \"" + col + "\"");
        }
        List<String> wantGroups = inv.has("groups") ? List.of(inv.value("groups").split(",")) : null;
        List<Row> rows = new ArrayList<>();
        for (String name : names(inv.lxcpath())) {
            if (pattern != null && !pattern.matcher(name).find()) continue;
            Container c = new Container(name, inv.lxcpath(), ContainerArgs.warnings(inv));
            ContainerConfig config;
            try {
                config = c.config();
            } catch (org.jlxc.config.ConfigException e) {
                inv.err().println(inv.program() + ": " + e.getMessage());
                continue;
            }
            if (wantGroups != null && config.groups().stream().noneMatch(wantGroups::contains)) continue;
            MonitorStatus status = c.status();
            ContainerState state = status == null ? ContainerState.STOPPED : status.state();
            if (!wanted(inv, state)) continue;
            Long ram = status == null ? null
                    : CgroupStats.of(ContainerCgroup.of(CgroupLayout.ofHost(), name)).memoryBytes();
            rows.add(new Row(name, state, status == null ? -1 : status.initPid(), ram,
                    Boolean.TRUE.equals(config.startAuto()), config.groups()));
        }
        if (inv.has("json")) {
            inv.out().println(json(rows));
        } else if (inv.has("fancy") || inv.has("fancy-format")) {
            table(inv, rows, columns);
        } else if (inv.has("line") || !org.jlxc.linux.ProcSelf.isTerminal(1)) {
            // Like ls(1) and lxc-ls: one per line unless a person reads it on a terminal.
            rows.forEach(r -> inv.out().println(r.name()));
        } else if (!rows.isEmpty()) {
            inv.out().println(String.join("  ", rows.stream().map(Row::name).toList()));
        }
        return 0;
    }

    private static boolean wanted(Invocation inv, ContainerState s) {
        boolean any = inv.has("active") || inv.has("running") || inv.has("stopped") || inv.has("frozen");
        if (!any) return true;
        return inv.has("active") && s != ContainerState.STOPPED
                || inv.has("running") && (s == ContainerState.RUNNING || s == ContainerState.STARTING)
                || inv.has("stopped") && s == ContainerState.STOPPED
                || inv.has("frozen") && s == ContainerState.FROZEN;
    }

    /** Containers are the directories of the lxcpath holding a config file, sorted by name. */
    static List<String> names(Path lxcpath) throws IOException {
        if (!Files.isDirectory(lxcpath)) return List.of();
        try (Stream<Path> s = Files.list(lxcpath)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("config")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** LXC's layout: each column as wide as its widest cell, every cell followed by one space. */
    private static void table(Invocation inv, List<Row> rows, List<String> columns) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(columns);
        for (Row r : rows) {
            cells.add(columns.stream().map(col -> cell(r, col)).toList());
        }
        int[] width = new int[columns.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], line.get(i).length());
        }
        for (List<String> line : cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                b.append(String.format("%-" + width[i] + "s ", line.get(i)));
            }
            inv.out().println(b);
        }
    }

    private static String cell(Row r, String column) {
        boolean running = r.state() != ContainerState.STOPPED;
        return switch (column) {
            case "NAME" -> r.name();
            case "STATE" -> r.state().name();
            case "PID" -> running && r.pid() > 0 ? Integer.toString(r.pid()) : "-";
            case "RAM" -> r.ram() == null ? "-" : String.format(Locale.ROOT, "%.2fMB", r.ram() / 1048576.0);
            case "SWAP" -> "-";
            case "AUTOSTART" -> r.autostart() ? "1" : "0";
            case "GROUPS" -> r.groups().isEmpty() ? "-" : String.join(", ", r.groups());
            // Network devices come with the networking work; until then no container has any.
            case "INTERFACE", "IPV4", "IPV6" -> "-";
            case "UNPRIVILEGED" -> "false";
            default -> throw new IllegalArgumentException(column);
        };
    }

    private static String json(List<Row> rows) {
        StringBuilder b = new StringBuilder("[");
        for (Row r : rows) {
            if (b.length() > 1) b.append(", ");
            b.append("{\"name\": ").append(Json.string(r.name())).append(", \"state\": ")
                    .append(Json.string(r.state().name()));
            if (r.pid() > 0) b.append(", \"pid\": ").append(r.pid());
            b.append(", \"autostart\": ").append(r.autostart()).append(", \"groups\": [")
                    .append(String.join(", ", r.groups().stream().map(Json::string).toList())).append("]}");
        }
        return b.append(']').toString();
    }
}
