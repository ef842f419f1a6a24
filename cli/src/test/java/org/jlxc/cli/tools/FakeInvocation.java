package org.jlxc.cli.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jlxc.cli.Invocation;

/** An already parsed command line, for calling a tool's run() directly. */
final class FakeInvocation implements Invocation {
    private final String program;
    private final String name;
    private final Path lxcpath;
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<String> arguments = new ArrayList<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream outStream = new PrintStream(out, true);
    private final PrintStream errStream = new PrintStream(errBytes, true);

    FakeInvocation(String program, String name, Path lxcpath) {
        this.program = program;
        this.name = name;
        this.lxcpath = lxcpath;
    }

    FakeInvocation with(String longName, String value) {
        options.computeIfAbsent(longName, k -> new ArrayList<>()).add(value);
        return this;
    }

    FakeInvocation flag(String longName) {
        return with(longName, null);
    }

    FakeInvocation args(String... args) {
        arguments.addAll(List.of(args));
        return this;
    }

    String errText() {
        return errBytes.toString();
    }

    public String program() { return program; }
    public String name() { return name; }
    public Path lxcpath() { return lxcpath; }
    public Path rcfile() { return null; }
    public boolean has(String longName) { return options.containsKey(longName); }
    public String value(String longName) {
        List<String> v = options.get(longName);
        return v == null ? null : v.getLast();
    }
    public List<String> values(String longName) { return options.getOrDefault(longName, List.of()); }
    public List<String> arguments() { return arguments; }
    public PrintStream out() { return outStream; }
    public PrintStream err() { return errStream; }
}
