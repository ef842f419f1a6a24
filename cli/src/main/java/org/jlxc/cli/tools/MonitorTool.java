package org.jlxc.cli.tools;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jlxc.Container;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.UsageException;
import org.jlxc.runtime.ContainerState;

/**
 * lxc-monitor: print the state changes of the containers whose name matches a regular
 * expression, until interrupted. States are sampled every 50 ms from each container's shim,
 * so a change shorter than that can be missed (lxc-wait watches instead, and misses none).
 */
public final class MonitorTool implements Tool {
    private static final long INTERVAL_MS = 50;

    @Override public String name() { return "monitor"; }

    @Override public String summary() { return "print the state changes of containers"; }

    @Override public boolean needsName() { return false; }

    @Override
    public String description() {
        return """
                lxc-monitor [--name=REGEX]

                lxc-monitor prints a line each time a container whose name matches REGEX
                (default: every container) changes state, until interrupted.
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
            throw new UsageException("invalid name expression \"" + regex + "\": " + e.getDescription());
        }
        Map<String, ContainerState> last = new HashMap<>();
        while (true) {
            for (String name : LsTool.names(inv.lxcpath())) {
                if (!pattern.matcher(name).matches()) continue;
                ContainerState now = new Container(name, inv.lxcpath(), w -> {}).state();
                ContainerState before = last.put(name, now);
                if (before != null && before != now) {
                    if (inv.has("json")) {
                        inv.out().println("{\"name\": " + Json.string(name) + ", \"state\": " + Json.string(now.name()) + "}");
                    } else {
                        inv.out().println("'" + name + "' changed state to [" + now.name() + "]");
                    }
                    inv.out().flush();
                }
            }
            Thread.sleep(INTERVAL_MS);
        }
    }
}
