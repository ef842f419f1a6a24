package org.jlxc.cli;

import java.util.List;

/**
 * One LXC tool (`lxc-start`, `lxc-create`, ...), run as `jlxc TOOL` or `lxc-TOOL`.
 * The framework parses the command line with getopt_long semantics, adds the options
 * every LXC tool shares (-n, -P, -o, -l, -q, --rcfile, -h, --usage, --version), prints
 * help, and calls {@link #run} with the parsed result.
 */
public interface Tool {
    /** The LXC tool name without its `lxc-` prefix: "start". */
    String name();

    /** One line for `jlxc --help`. */
    String summary();

    /** The usage text printed by --help above the options, in LXC's form:
     *  "lxc-start --name=NAME -- COMMAND\n\nlxc-start start COMMAND in specified container NAME\n". */
    String description();

    /** Options of this tool only; the common ones are added by the framework. */
    List<Option> options();

    /** Whether the tool needs a container name (-n, or the first positional argument). */
    default boolean needsName() { return true; }

    /** Runs the tool; returns the process exit code. Throws {@link UsageException} for
     *  command-line mistakes (printed with the tool name, exit 1). */
    int run(Invocation inv) throws Exception;
}
