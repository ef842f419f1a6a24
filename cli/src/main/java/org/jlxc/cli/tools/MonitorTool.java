package org.jlxc.cli.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.runtime.StateMonitor;

/**
 * lxc-monitor: print the state changes of the containers whose name matches a regular
 * expression (anchored, as LXC's), until interrupted. Every change of a run is reported: each
 * is watched through its shim's command socket (StateMonitor), nothing is sampled.
 */
public final class MonitorTool implements Tool {
    @Override public String name() { return "monitor"; }

    @Override public String summary() { return "print the state changes of containers"; }

    @Override public boolean needsName() { return false; }

    @Override
    public String description() {
        return """
                lxc-monitor [--name=REGEX] [-P PATH]...

                lxc-monitor prints a line each time a container whose name matches REGEX
                (default: every container) changes state, and when its init exits, until
                interrupted. Each -P adds an lxcpath to watch.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.flag('Q', "quit", "accepted for LXC's scripts: there is no monitor daemon to stop"),
                new Option((char) 0, "json", Option.Arg.NONE, null, "one JSON object per change (not in LXC)"));
    }

    @Override
    public int run(Invocation inv) throws Exception {
        if (inv.has("quit")) return 0;
        String regex = inv.name() == null ? ".*" : inv.name();
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            inv.err().println(inv.program() + ": Failed to compile the regex '" + regex + "'"); // LXC's words
            return 1;
        }
        // As LXC, lxc-monitor alone watches every -P given.
        List<Path> paths = inv.values("lxcpath").isEmpty() ? List.of(inv.lxcpath())
                : inv.values("lxcpath").stream().map(Path::of).toList();
        boolean json = inv.has("json");
        new StateMonitor(paths, n -> pattern.matcher(n).matches(), e -> {
            inv.out().println(json ? json(e) : line(e));
            inv.out().flush();
        }).run();
        return 0;
    }

    /** lxc-monitor's lines. */
    static String line(StateMonitor.Event e) {
        if (e instanceof StateMonitor.Exited x) return "'" + x.name() + "' exited with status [" + x.exitCode() + "]";
        return "'" + e.name() + "' changed state to [" + ((StateMonitor.StateChanged) e).state().name() + "]";
    }

    private static String json(StateMonitor.Event e) {
        if (e instanceof StateMonitor.Exited x) {
            return "{\"name\": " + Json.string(x.name()) + ", \"exit_code\": " + x.exitCode() + "}";
        }
        return "{\"name\": " + Json.string(e.name()) + ", \"state\": "
                + Json.string(((StateMonitor.StateChanged) e).state().name()) + "}";
    }
}
