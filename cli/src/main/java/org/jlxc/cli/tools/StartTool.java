package org.jlxc.cli.tools;

import java.util.List;

import org.jlxc.Container;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.UsageException;

/** lxc-start: run a container's init (default /sbin/init, or lxc.init.cmd, or the command after --). */
public final class StartTool implements Tool {
    private static final String DEFAULT_INIT = "/sbin/init";

    @Override
    public String name() { return "start"; }

    @Override
    public String summary() { return "start a container"; }

    @Override
    public String description() {
        return """
                lxc-start --name=NAME -- COMMAND

                lxc-start starts COMMAND in the container NAME: by default its init
                (lxc.init.cmd, else /sbin/init), as the container's PID 1.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.flag('d', "daemon", "run the container in the background (default;\nnot supported yet: use -F)"),
                Option.flag('F', "foreground", "run the container in the foreground; the terminal\n"
                        + "is its console and its exit status is the command's"),
                Option.withArg('p', "pidfile", "FILE", "write the monitor's pid to FILE (not supported yet)"),
                Option.withArg('f', "rcfile", "FILE", "load the configuration from FILE instead of the\n"
                        + "container's own"),
                Option.withArg('c', "console", "FILE", "use FILE as the container's console (not supported yet)"),
                Option.withArg('L', "console-log", "FILE", "copy the console's output to FILE (not supported yet)"),
                Option.flag('C', "close-all-fds", "close every inherited file descriptor above 2\n(not supported yet)"),
                Option.withArg('s', "define", "KEY=VAL", "set a configuration key after loading the config\n"
                        + "(repeatable)"),
                new Option((char) 0, "share-net", Option.Arg.REQUIRED, "NAME|PID",
                        "share the network namespace of a container or process\n(not supported yet)"),
                new Option((char) 0, "share-ipc", Option.Arg.REQUIRED, "NAME|PID",
                        "share the IPC namespace of a container or process\n(not supported yet)"),
                new Option((char) 0, "share-uts", Option.Arg.REQUIRED, "NAME|PID",
                        "share the UTS namespace of a container or process\n(not supported yet)"),
                new Option((char) 0, "share-pid", Option.Arg.REQUIRED, "NAME|PID",
                        "share the PID namespace of a container or process\n(not supported yet)"));
    }

    @Override
    public int run(Invocation inv) throws Exception {
        for (String later : List.of("pidfile", "console", "console-log", "close-all-fds",
                "share-net", "share-ipc", "share-uts", "share-pid")) {
            if (inv.has(later)) {
                throw new UsageException("--" + later + " is not supported yet");
            }
        }
        if (!inv.has("foreground") || inv.has("daemon")) {
            throw new UsageException("daemon mode is not supported yet: use -F (--foreground)");
        }
        Container c = ContainerArgs.load(inv, msg -> inv.err().println(inv.program() + ": " + msg));
        List<String> command = ContainerArgs.command(inv, c, c.config().initCmd(), DEFAULT_INIT);
        return ContainerArgs.startForeground(inv, c, command, false);
    }
}
