package org.jlxc.cli.tools;

import java.util.List;

import org.jlxc.Container;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.UsageException;

/**
 * lxc-console: attach the terminal to a running container's console or one of its ttys. The
 * relay is the shim's `console` client, which gets the pty from the container's shim: a
 * terminal relay is byte-pushing, not policy, and needs fd passing the JDK does not offer.
 */
public final class ConsoleTool implements Tool {
    @Override public String name() { return "console"; }

    @Override public String summary() { return "attach to a container's console or a tty"; }

    @Override
    public String description() {
        return """
                lxc-console --name=NAME [--tty NUMBER] [--escape CHAR]

                lxc-console attaches the terminal to a tty of the running container NAME:
                the first free one by default, its console with -t 0. Ctrl+a q detaches.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.withArg('t', "tty", "NUMBER", "the tty to attach to (0: the console;\n"
                        + "default: the first free tty)"),
                Option.withArg('e', "escape", "CHAR", "the escape key, with Ctrl (default a)"));
    }

    @Override
    public int run(Invocation inv) throws Exception {
        Container c = new Container(inv.name(), inv.lxcpath(), ContainerArgs.warnings(inv));
        if (!c.isRunning()) {
            inv.err().println(inv.program() + ": " + c.name() + " is not running");
            return 1;
        }
        if (!org.jlxc.linux.ProcSelf.isTerminal(0)) {
            // The relay needs a terminal to put in raw mode and a person to type the escape.
            throw new UsageException("stdin is not a terminal: lxc-console needs one");
        }
        int tty = -1; // as LXC's lxc-console: the first free tty unless -t
        if (inv.has("tty")) {
            try {
                tty = Integer.parseInt(inv.value("tty"));
            } catch (NumberFormatException e) {
                tty = -2;
            }
            if (tty < -1) {
                throw new UsageException("invalid tty number \"" + inv.value("tty") + "\"");
            }
        }
        char escape = 'a';
        if (inv.has("escape")) {
            String e = inv.value("escape");
            if (e.length() != 1 || !Character.isLetter(e.charAt(0))) {
                throw new UsageException("invalid escape \"" + e + "\": a letter, used with Ctrl");
            }
            escape = e.charAt(0);
        }
        return c.console(tty, escape);
    }
}
