package org.jlxc.cli.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jlxc.Container;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.UsageException;
import org.jlxc.config.Origin;

/** lxc-start: run a container's init (default /sbin/init, or lxc.init.cmd, or the command after --). */
public final class StartTool implements Tool {
    /** LXC's init when neither the command line nor lxc.init.cmd names one. */
    static final String DEFAULT_INIT = "/sbin/init";

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
                Option.flag('d', "daemon", "run the container in the background (default)"),
                Option.flag('F', "foreground", "run the container in the foreground; the terminal\n"
                        + "is its console and its exit status is the command's"),
                Option.withArg('p', "pidfile", "FILE", "write the monitor's pid to FILE (removed when\n"
                        + "the container stops)"),
                Option.withArg('f', "rcfile", "FILE", "load the configuration from FILE instead of the\n"
                        + "container's own"),
                Option.withArg('c', "console", "FILE", "relay the container's console to the terminal\n"
                        + "device FILE (sets lxc.console.path)"),
                Option.withArg('L', "console-log", "FILE", "append the console's output to FILE"),
                Option.flag('C', "close-all-fds", "close every inherited file descriptor above 2;\n"
                        + "without it each is logged (WARN) as LXC does (jlxc\npasses none to the container either way)"),
                Option.withArg('s', "define", "KEY=VAL", "set a configuration key after loading the config\n"
                        + "(repeatable; never saved)"),
                new Option((char) 0, "share-net", Option.Arg.REQUIRED, "NAME|PID",
                        "join the network namespace of a running container\n(of the same lxcpath) or a process"),
                new Option((char) 0, "share-ipc", Option.Arg.REQUIRED, "NAME|PID",
                        "join the IPC namespace of a running container\n(of the same lxcpath) or a process"),
                new Option((char) 0, "share-uts", Option.Arg.REQUIRED, "NAME|PID",
                        "join the UTS namespace of a running container\n(of the same lxcpath) or a process"),
                new Option((char) 0, "share-pid", Option.Arg.REQUIRED, "NAME|PID",
                        "join the PID namespace of a running container\n(of the same lxcpath) or a process"));
    }

    @Override
    public int run(Invocation inv) throws Exception {
        java.util.Map<String, String> shares = new java.util.LinkedHashMap<>();
        for (String type : List.of("net", "ipc", "uts", "pid")) {
            if (inv.has("share-" + type)) shares.put(type, inv.value("share-" + type));
        }
        // Daemon is the default (as LXC since 1.1); -F wins over -d.
        boolean daemon = !inv.has("foreground");
        Path pidfile = writablePath(inv, "pidfile");
        Path consoleLog = writablePath(inv, "console-log");
        Container c = ContainerArgs.load(inv, ContainerArgs.warnings(inv));
        if (inv.has("console")) {
            // As LXC: -c is lxc.console.path, set after the -s defines. Absolute, for the daemon's
            // shim runs in /.
            c.setConfigItem("lxc.console.path", Path.of(inv.value("console")).toAbsolutePath().toString(),
                    Origin.commandLine());
        }
        List<String> command = ContainerArgs.command(inv, c, c.config().initCmd(), DEFAULT_INIT);
        return ContainerArgs.start(inv, c, command, false, daemon, pidfile, consoleLog, shares);
    }

    /**
     * A path given for a file the start will write: checked before anything starts, so a typo
     * does not surface after the container is up. Returns it absolute (the shim runs in /).
     */
    private static Path writablePath(Invocation inv, String option) throws UsageException {
        String value = inv.value(option);
        if (value == null) return null;
        Path p = Path.of(value).toAbsolutePath();
        Path parent = p.getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new UsageException("--" + option + " " + value + ": " + parent + " is not a writable directory");
        }
        if (Files.isDirectory(p)) {
            throw new UsageException("--" + option + " " + value + ": is a directory");
        }
        return p;
    }
}
