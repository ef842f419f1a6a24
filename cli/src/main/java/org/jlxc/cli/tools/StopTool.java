package org.jlxc.cli.tools;

import java.time.Duration;
import java.util.List;

import org.jlxc.Container;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.UsageException;

/** lxc-stop: a clean stop with the halt signal, then (after the timeout) the stop signal. */
public final class StopTool implements Tool {
    /** LXC's exit status when the container does not run. */
    static final int NOT_RUNNING = 2;

    @Override public String name() { return "stop"; }

    @Override public String summary() { return "stop a container"; }

    @Override
    public String description() {
        return """
                lxc-stop --name=NAME [-W] [-r|-k|--nokill] [-t TIMEOUT]

                lxc-stop asks the init of container NAME to shut down (lxc.signal.halt;
                by default SIGRTMIN+3 if init blocks it, as systemd does, else SIGPWR),
                waits up to TIMEOUT seconds, then kills it
                (lxc.signal.stop, SIGKILL by default).

                With -r it asks init to reboot (lxc.signal.reboot, SIGINT by default) and
                waits up to TIMEOUT seconds until the container runs again.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.flag('r', "reboot", "reboot the container"),
                Option.flag('W', "nowait", "send the halt signal and return at once"),
                Option.withArg('t', "timeout", "T", "wait T seconds for a clean stop before killing\n"
                        + "(default 60; -1: for ever; 0: kill at once)"),
                Option.flag('k', "kill", "kill the container at once, without a clean stop"),
                new Option((char) 0, "nokill", Option.Arg.NONE, null, "never kill: fail when the clean stop times out"),
                new Option((char) 0, "nolock", Option.Arg.NONE, null, "ignored (as LXC's, kept for scripts)"));
    }

    @Override
    public int run(Invocation inv) throws Exception {
        if (inv.has("reboot") && inv.has("kill")) {
            throw new UsageException("--kill and --reboot are mutually exclusive");
        }
        if (inv.has("kill") && inv.has("nokill")) {
            throw new UsageException("--kill and --nokill are mutually exclusive");
        }
        int seconds = 60;
        if (inv.has("timeout")) {
            try {
                seconds = Integer.parseInt(inv.value("timeout"));
            } catch (NumberFormatException e) {
                seconds = -2;
            }
            if (seconds < -1) {
                throw new UsageException("invalid timeout \"" + inv.value("timeout") + "\"");
            }
        }
        Container c = new Container(inv.name(), inv.lxcpath(), ContainerArgs.warnings(inv));
        if (!c.isRunning()) {
            inv.err().println(inv.program() + ": " + c.name() + " is not running");
            return NOT_RUNNING;
        }
        if (inv.has("reboot")) {
            Duration wait = inv.has("nowait") || seconds == 0 ? Duration.ZERO
                    : seconds < 0 ? Duration.ofNanos(-1) : Duration.ofSeconds(seconds);
            if (c.reboot(wait)) return 0;
            inv.err().println(inv.program() + ": " + c.name() + " did not reboot"
                    + (wait.isZero() ? "" : " within " + seconds + " s"));
            return 1;
        }
        if (inv.has("nowait")) {
            return c.signal(c.haltSignal()) ? 0 : NOT_RUNNING;
        }
        Duration timeout = inv.has("kill") || seconds == 0 ? Duration.ZERO
                : seconds < 0 ? Duration.ofNanos(-1) : Duration.ofSeconds(seconds);
        Container.StopResult result = c.stop(timeout, !inv.has("nokill"));
        return switch (result) {
            case STOPPED -> 0;
            case NOT_RUNNING -> {
                inv.err().println(inv.program() + ": " + c.name() + " is not running");
                yield NOT_RUNNING;
            }
            case KILLED -> {
                inv.err().println(inv.program() + ": " + c.name() + " did not stop within " + seconds
                        + " s of its halt signal: killed it");
                yield 0;
            }
            case TIMED_OUT -> {
                inv.err().println(inv.program() + ": " + c.name() + " did not stop within " + seconds + " s");
                yield 1;
            }
        };
    }
}
