package org.jlxc.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** What a tool gets after the command line was parsed: option values by long name. */
public interface Invocation {
    /** The tool name as invoked, for messages: "lxc-start". */
    String program();

    /** The container name (-n, or the first positional argument); null when absent. */
    String name();

    /** -P, else lxc.lxcpath from the global config, else LXC's default for this user. */
    Path lxcpath();

    /** --rcfile / -f when the tool has it, else null. */
    Path rcfile();

    /** Whether the option (by long name) was given at least once. */
    boolean has(String longName);

    /** The last value given for the option (by long name), or null. */
    String value(String longName);

    /** Every value given for the option (by long name), in order. */
    List<String> values(String longName);

    /** Arguments after the options (after `--`, or the first non-option), minus the name
     *  when it was taken from the first positional argument. */
    List<String> arguments();

    PrintStream out();

    PrintStream err();
}
