package org.jlxc.cli.tools;

import java.util.List;

import org.jlxc.Container;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.UsageException;
import org.jlxc.config.Origin;

/**
 * lxc-execute: run one command in a container under a minimal init as PID 1, which forwards
 * signals, reaps zombies and exits with the command's status (128+N for a signal N).
 */
public final class ExecuteTool implements Tool {
    @Override
    public String name() { return "execute"; }

    @Override
    public String summary() { return "run a command in a container under a minimal init"; }

    @Override
    public String description() {
        return """
                lxc-execute --name=NAME -- COMMAND

                lxc-execute runs COMMAND in the container NAME under a minimal init as PID 1
                and exits with COMMAND's exit status (128+N when signal N ended it).
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.withArg('f', "rcfile", "FILE", "load the configuration from FILE instead of the\n"
                        + "container's own"),
                Option.withArg('s', "define", "KEY=VAL", "set a configuration key after loading the config\n"
                        + "(repeatable)"),
                Option.withArg('u', "uid", "UID", "run COMMAND as this user id"),
                Option.withArg('g', "gid", "GID", "run COMMAND as this group id"),
                Option.flag('d', "daemon", "run the container in the background (not supported yet)"));
    }

    @Override
    public int run(Invocation inv) throws Exception {
        if (inv.has("daemon")) {
            throw new UsageException("daemon mode is not supported yet");
        }
        Container c = ContainerArgs.load(inv, ContainerArgs.warnings(inv));
        if (inv.has("uid")) c.setConfigItem("lxc.init.uid", inv.value("uid"), Origin.commandLine());
        if (inv.has("gid")) c.setConfigItem("lxc.init.gid", inv.value("gid"), Origin.commandLine());
        List<String> command = ContainerArgs.command(inv, c, c.config().executeCmd(), null);
        return ContainerArgs.start(inv, c, command, true, false, null, null, java.util.Map.of());
    }
}
