package org.jlxc.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.jlxc.config.GlobalConfig;
import org.jlxc.log.Log;
import org.jlxc.runtime.Installation;
import org.jlxc.runtime.StartRehearsal;

/**
 * {@code jlxc __train}: run at build and install time (libexec/train-aot) to record the JVM's
 * AOT cache. It walks the startup path of every tool (option parsing, help texts, name and
 * lxcpath resolution, logging) without running any tool, and rehearses a container start
 * (config, plan, FFM, the shim's sync socket) without starting anything, so it has no side
 * effects: all output goes to a discarded stream and the log to a discarded sink.
 */
final class Train {
    static final String COMMAND = "__train";

    /** Command lines through help, usage, version, the error paths and the name rules. */
    private static final List<List<String>> STOPPING = List.of(
            List.of("--help"), List.of("--usage"), List.of("--version"),
            List.of("--no-such-option"), List.of("-n"), List.of("--name"), List.of("--logpriority=nosuch", "c1"),
            List.of());

    /** A typical command line of a tool that would run, parsed but not run. */
    private static final List<String> TYPICAL =
            List.of("-n", "c1", "-P", "/var/lib/lxc/", "-l", "debug", "-o", "none", "-q", "--", "arg");

    private Train() {}

    static int run() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        Main.run(new String[] {"--help"}, nowhere, nowhere);
        Main.run(new String[] {"--version"}, nowhere, nowhere);
        Main.run(new String[] {"nosuchtool"}, nowhere, nowhere);
        for (Tool tool : Tools.all()) {
            // prepare() stops before running the tool, whatever the command line: safe by construction.
            for (List<String> args : STOPPING) ToolRunner.prepare(tool, args, nowhere, nowhere);
            if (ToolRunner.prepare(tool, TYPICAL, nowhere, nowhere) instanceof ToolRunner.Prepared.Ready ready) {
                ready.invocation().lxcpath();
                ready.invocation().rcfile();
                ready.invocation().arguments();
            }
        }
        GlobalConfig.forCurrentUser().value(GlobalConfig.LXCPATH); // read-only
        try {
            StartRehearsal.run(Installation.shim());
        } catch (Exception e) {
            throw new IllegalStateException("the start rehearsal failed: " + e.getMessage(), e);
        }
        Errors.describe(new NoSuchFileException("/nonexistent"));

        Log.configureDiscarding("lxc-train");
        System.Logger logger = System.getLogger(Train.class.getName());
        for (System.Logger.Level level : System.Logger.Level.values()) {
            if (level != System.Logger.Level.ALL && level != System.Logger.Level.OFF) {
                logger.log(level, "training the AOT cache");
            }
        }
        logger.log(System.Logger.Level.ERROR, "training the AOT cache", new IllegalStateException("example"));
        Log.reset();
        return 0;
    }
}
