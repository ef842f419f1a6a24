package org.jlxc.cli.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jlxc.Container;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.UsageException;
import org.jlxc.config.ConfigException;
import org.jlxc.config.ContainerConfig;
import org.jlxc.runtime.StartException;

/**
 * lxc-autostart: start (or stop, kill, list) the containers marked lxc.start.auto, by group,
 * in lxc.start.order (lowest first, as LXC 5; stopping goes the other way), waiting
 * lxc.start.delay seconds after each start.
 */
public final class AutostartTool implements Tool {
    @Override public String name() { return "autostart"; }

    @Override public String summary() { return "start or stop the containers marked for autostart"; }

    @Override public boolean needsName() { return false; }

    @Override
    public String description() {
        return """
                lxc-autostart [-k|-s|-r|-L] [-a|-g GROUPS] [-A] [-t TIMEOUT]

                lxc-autostart starts the containers of the lxcpath that have lxc.start.auto = 1
                and no lxc.group (or one of -g GROUPS; an empty name selects those without group),
                in lxc.start.order, waiting lxc.start.delay seconds after each.
                Exit status: 0 when every one succeeded (or there was nothing to do), 1 when all
                failed, 2 when some failed.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.flag('k', "kill", "kill the containers instead of starting them"),
                Option.flag('L', "list", "list the selected containers and their delay"),
                Option.flag('r', "reboot", "reboot the containers instead of starting them (not supported yet)"),
                Option.flag('s', "shutdown", "shut the containers down instead of starting them"),
                Option.flag('a', "all", "every autostart container, whatever its groups"),
                Option.flag('A', "ignore-auto", "select containers whatever their lxc.start.auto"),
                Option.withArg('g', "groups", "GROUPS", "the groups to select (comma-separated)"),
                Option.withArg('t', "timeout", "T", "wait T seconds for a clean shutdown before killing\n"
                        + "(default 60)"));
    }

    private record Selected(Container container, int order, int delay) {}

    @Override
    public int run(Invocation inv) throws Exception {
        if (inv.has("reboot")) {
            throw new UsageException("--reboot is not supported yet");
        }
        int timeout = 60;
        if (inv.has("timeout")) {
            try {
                timeout = Integer.parseInt(inv.value("timeout"));
            } catch (NumberFormatException e) {
                throw new UsageException("invalid timeout \"" + inv.value("timeout") + "\"");
            }
        }
        List<String> groups = inv.has("groups") ? List.of(inv.value("groups").split(",", -1)) : List.of("");
        List<Selected> selected = new ArrayList<>();
        for (String name : LsTool.names(inv.lxcpath())) {
            Container c = new Container(name, inv.lxcpath(), ContainerArgs.warnings(inv));
            ContainerConfig config;
            try {
                config = c.config();
            } catch (ConfigException e) {
                inv.err().println(inv.program() + ": " + e.getMessage());
                continue;
            }
            if (!inv.has("ignore-auto") && !Boolean.TRUE.equals(config.startAuto())) continue;
            if (!inv.has("all") && !inGroups(config.groups(), groups)) continue;
            selected.add(new Selected(c, orZero(config.startOrder()), orZero(config.startDelay())));
        }
        boolean stopping = inv.has("kill") || inv.has("shutdown");
        Comparator<Selected> order = Comparator.comparingInt(Selected::order)
                .thenComparing(s -> s.container().name());
        selected.sort(stopping ? order.reversed() : order);
        if (inv.has("list")) {
            // As lxc-autostart: what would be acted on (starting skips running containers,
            // stopping skips stopped ones), with the delay only where it applies (starting).
            for (Selected s : selected) {
                if (s.container().isRunning() == stopping) {
                    inv.out().println(stopping ? s.container().name() : s.container().name() + " " + s.delay());
                }
            }
            return 0;
        }
        int failed = 0;
        for (Selected s : selected) {
            Container c = s.container();
            try {
                if (stopping) {
                    if (c.isRunning()) {
                        Duration t = inv.has("kill") ? Duration.ZERO : Duration.ofSeconds(timeout);
                        if (c.stop(t, true) == Container.StopResult.TIMED_OUT) {
                            inv.err().println(inv.program() + ": " + c.name() + " did not stop");
                            failed++;
                        }
                    }
                } else if (!c.isRunning()) {
                    c.start(ContainerArgs.command(inv, c, c.config().initCmd(), StartTool.DEFAULT_INIT),
                            false, true, null, null);
                    if (s.delay() > 0) Thread.sleep(s.delay() * 1000L);
                }
            } catch (StartException | ConfigException | UsageException e) {
                inv.err().println(inv.program() + ": " + c.name() + ": " + e.getMessage());
                failed++;
            }
        }
        return failed == 0 ? 0 : failed == selected.size() ? 1 : 2;
    }

    /** LXC: a container with no group matches the empty group name; otherwise any shared name. */
    private static boolean inGroups(List<String> containerGroups, List<String> wanted) {
        if (containerGroups.isEmpty()) return wanted.contains("");
        return containerGroups.stream().anyMatch(wanted::contains);
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}
