package org.jlxc.cli.tools;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jlxc.Container;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.UsageException;
import org.jlxc.runtime.ContainerState;

/** lxc-wait: wait until a container is in one of the given states. */
public final class WaitTool implements Tool {
    @Override public String name() { return "wait"; }

    @Override public String summary() { return "wait for a container to reach a state"; }

    @Override
    public String description() {
        return """
                lxc-wait --name=NAME --state=STATE[|STATE...] [--timeout=T]

                lxc-wait returns once container NAME is in one of the STATEs (STOPPED,
                STARTING, RUNNING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED).
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.withArg('s', "state", "STATE", "the states to wait for, separated by |"),
                Option.withArg('t', "timeout", "T", "give up after T seconds (default -1: never)"));
    }

    @Override
    public int run(Invocation inv) throws Exception {
        if (!inv.has("state")) {
            throw new UsageException("missing state, use --state");
        }
        Set<ContainerState> states = EnumSet.noneOf(ContainerState.class);
        for (String s : inv.value("state").split("\\|")) {
            try {
                states.add(ContainerState.parse(s));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        long seconds = -1;
        if (inv.has("timeout")) {
            try {
                seconds = Long.parseLong(inv.value("timeout"));
            } catch (NumberFormatException e) {
                throw new UsageException("invalid timeout \"" + inv.value("timeout") + "\"");
            }
        }
        Container c = new Container(inv.name(), inv.lxcpath(), ContainerArgs.warnings(inv));
        Duration timeout = seconds < 0 ? Duration.ofNanos(-1) : Duration.ofSeconds(seconds);
        if (c.waitFor(states, timeout) == null) {
            inv.err().println(inv.program() + ": " + c.name() + ": timed out after " + seconds + " s waiting for "
                    + inv.value("state"));
            return 1;
        }
        return 0;
    }
}
