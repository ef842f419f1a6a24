package org.jlxc.cli.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jlxc.Container;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.UsageException;
import org.jlxc.runtime.AttachException;
import org.jlxc.runtime.AttachRequest;

/**
 * lxc-attach: run a command in a running container. The options become an {@link AttachRequest};
 * {@link Container#attachAndExec} decides the rest and this process becomes the shim, so the
 * terminal's signals and the exit status are the command's.
 */
public final class AttachTool implements Tool {
    @Override public String name() { return "attach"; }

    @Override public String summary() { return "run a command in a running container"; }

    @Override
    public String description() {
        return """
                lxc-attach --name=NAME [-- COMMAND]

                lxc-attach runs COMMAND (default: the user's shell in the container, else
                /bin/sh) in the running container NAME: in its namespaces and cgroup, without
                the capabilities its config drops, and exits with COMMAND's exit status (128+N
                when signal N ended it; 127 when COMMAND is not found, 126 when it cannot run).
                The command keeps the caller's environment and working directory (/ when that
                does not exist in the container), and gets container=lxc. When a standard fd
                is a terminal, the command gets a pseudo terminal of the container's in its
                place, relayed to it.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.withArg('f', "rcfile", "FILE", "take lxc.cap.drop/keep and\n"
                        + "lxc.environment from FILE instead\n"
                        + "of the container's config"),
                new Option('e', "elevated-privileges", Option.Arg.OPTIONAL, "PRIVILEGES",
                        "keep privileges the container lacks,\n"
                        + "a |-separated list of CGROUP (stay\n"
                        + "out of its cgroup), CAP (keep the\n"
                        + "capabilities it drops), LSM; all of\n"
                        + "them when no list is given"),
                Option.withArg('s', "namespaces", "FLAGS", "join only these namespaces, a\n"
                        + "|-separated list of MOUNT, PID,\n"
                        + "UTSNAME, IPC, USER, NETWORK, CGROUP\n"
                        + "(implies -e: every privilege kept)"),
                Option.flag('R', "remount-sys-proc", "with -s without MOUNT: remount /proc\n"
                        + "and /sys in a mount namespace of the\n"
                        + "command's own, to show the joined ones"),
                Option.flag('\0', "clear-env", "start from an empty environment\n"
                        + "(container=lxc, a default PATH and\n"
                        + "the --keep-var ones)"),
                Option.flag('\0', "keep-env", "keep the caller's environment (default)"),
                Option.withArg('\0', "keep-var", "NAME", "with --clear-env: keep this variable\n"
                        + "(repeatable)"),
                Option.withArg('v', "set-var", "NAME=VALUE", "set a variable for the command\n"
                        + "(repeatable)"),
                Option.withArg('u', "uid", "UID", "run COMMAND with this user id (def. 0)"),
                Option.withArg('g', "gid", "GID", "run COMMAND with this group id (def. 0)"),
                Option.withArg('a', "arch", "ARCH", "the architecture (not supported yet)"),
                Option.withArg('L', "pty-log", "FILE", "append the pseudo terminal's output\n"
                        + "to FILE"),
                Option.withArg('c', "context", "CONTEXT", "the SELinux context (not supported\n"
                        + "yet)"));
    }

    @Override
    public int run(Invocation inv) throws Exception {
        AttachRequest request = request(inv);
        Container c = new Container(inv.name(), inv.lxcpath(), ContainerArgs.warnings(inv));
        if (inv.rcfile() != null) c.loadConfig(inv.rcfile());
        try {
            c.attachAndExec(request);
            return 1; // not reached: this process became the shim
        } catch (AttachException e) {
            inv.err().println(inv.program() + ": " + e.getMessage());
            return 1;
        }
    }

    /** The request the options make; LXC's messages for bad values. */
    static AttachRequest request(Invocation inv) throws UsageException {
        for (String unsupported : List.of("arch", "context")) {
            if (inv.has(unsupported)) throw new UsageException("--" + unsupported + " is not supported yet");
        }
        Set<String> namespaces = null;
        Set<AttachRequest.Privilege> elevated = Set.of();
        try {
            if (inv.has("namespaces")) {
                namespaces = AttachRequest.parseNamespaces(inv.value("namespaces"));
                elevated = AttachRequest.parseElevated(null); // -s implies -e
            } else if (inv.has("elevated-privileges")) {
                elevated = AttachRequest.parseElevated(inv.value("elevated-privileges"));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (inv.has("clear-env") && inv.has("keep-env")) {
            throw new UsageException("--clear-env and --keep-env exclude each other");
        }
        return new AttachRequest(namespaces, elevated, inv.has("remount-sys-proc"), inv.has("clear-env"),
                inv.values("keep-var"), inv.values("set-var"), id(inv, "uid"), id(inv, "gid"),
                new ArrayList<>(inv.arguments()), inv.value("pty-log"));
    }

    private static Integer id(Invocation inv, String option) throws UsageException {
        if (!inv.has(option)) return null;
        String v = inv.value(option);
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > 0xfffffffeL || !v.chars().allMatch(Character::isDigit)) throw new NumberFormatException();
            return (int) n;
        } catch (NumberFormatException e) {
            throw new UsageException("invalid " + option + " \"" + v + "\": a number from 0 to 4294967294");
        }
    }
}
