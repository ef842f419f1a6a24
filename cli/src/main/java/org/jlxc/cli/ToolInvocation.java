package org.jlxc.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** The {@link Invocation} the framework hands to a tool. */
final class ToolInvocation implements Invocation {
    private final String program;
    private final String name;
    private final String lxcpathOption;
    private final Supplier<Path> defaultLxcpath;
    private final Getopt.Result parsed;
    private final List<String> arguments;
    private final PrintStream out;
    private final PrintStream err;
    private Path lxcpath;

    /**
     * @param lxcpathOption  the -P value with trailing slashes removed, or null
     * @param defaultLxcpath called at most once, only when there was no -P: reading the global
     *                       config is work a tool like lxc-config -l never needs
     */
    ToolInvocation(String program, String name, String lxcpathOption, Supplier<Path> defaultLxcpath,
                   Getopt.Result parsed, List<String> arguments, PrintStream out, PrintStream err) {
        this.program = program;
        this.name = name;
        this.lxcpathOption = lxcpathOption;
        this.defaultLxcpath = defaultLxcpath;
        this.parsed = parsed;
        this.arguments = List.copyOf(arguments);
        this.out = out;
        this.err = err;
    }

    @Override public String program() { return program; }

    @Override public String name() { return name; }

    @Override
    public Path lxcpath() {
        if (lxcpath == null) lxcpath = lxcpathOption != null ? Path.of(lxcpathOption) : defaultLxcpath.get();
        return lxcpath;
    }

    @Override
    public Path rcfile() {
        String f = parsed.value(CommonOptions.RCFILE);
        return f == null ? null : Path.of(f);
    }

    @Override public boolean has(String longName) { return parsed.has(longName); }

    @Override public String value(String longName) { return parsed.value(longName); }

    @Override public List<String> values(String longName) { return parsed.values(longName); }

    @Override public List<String> arguments() { return arguments; }

    @Override public PrintStream out() { return out; }

    @Override public PrintStream err() { return err; }
}
