package org.jlxc.cli.tools;

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
                As in LXC, T is in seconds: -1 (the default) waits for ever; while the
                container does not run, 0 and 1 give up at once and T after T-1 seconds;
                once it runs, 0 waits for ever.
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
            throw new UsageException("missing state option to wait for");
        }
        Set<ContainerState> states = EnumSet.noneOf(ContainerState.class);
        for (String s : inv.value("state").split("\\|", -1)) {
            try {
                states.add(ContainerState.parse(s));
            } catch (IllegalArgumentException e) {
                // as lxc-wait: an error, not a usage message
                inv.err().println(inv.program() + ": " + inv.name() + ": " + e.getMessage());
                return 1;
            }
        }
        long seconds = inv.has("timeout") ? atol(inv.value("timeout")) : -1;
        Container c = new Container(inv.name(), inv.lxcpath(), ContainerArgs.warnings(inv));
        return c.waitAsLxc(states, seconds) ? 0 : 1;
    }

    /** C's atol, as lxc-wait reads -t: the leading number, 0 when there is none ("abc" is 0). */
    static long atol(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        int begin = i;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) i++;
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        if (i == digits) return 0;
        try {
            return Long.parseLong(s.substring(begin, i));
        } catch (NumberFormatException e) {
            return s.charAt(begin) == '-' ? Long.MIN_VALUE : Long.MAX_VALUE; // out of range: saturated, as strtol
        }
    }
}
