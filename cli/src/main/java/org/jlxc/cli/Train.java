package org.jlxc.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
        toolsOnAStoppedContainer(nowhere);

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

    /**
     * The read-only tools and stop, run for real on a stopped container in a temporary lxcpath
     * (what they load past option parsing: the container, its config, its state), then destroy,
     * which removes that container and nothing else (its rootfs is inside the temporary dir).
     */
    private static void toolsOnAStoppedContainer(PrintStream nowhere) {
        Path lxcpath = null;
        try {
            lxcpath = Files.createTempDirectory("jlxc-train-");
            Path dir = Files.createDirectories(lxcpath.resolve("rehearsal").resolve("rootfs"));
            Files.writeString(lxcpath.resolve("rehearsal").resolve("config"),
                    "lxc.uts.name = rehearsal\nlxc.rootfs.path = dir:" + dir + "\nlxc.net.0.type = empty\n"
                            + "lxc.start.auto = 1\nlxc.group = onboot\n");
            String p = lxcpath.toString();
            for (List<String> args : List.of(
                    List.of("info", "-P", p, "-n", "rehearsal"),
                    List.of("info", "-P", p, "-n", "rehearsal", "-s", "-p", "-H"),
                    List.of("ls", "-P", p), List.of("ls", "-P", p, "-f"), List.of("ls", "-P", p, "--json"),
                    List.of("stop", "-P", p, "-n", "rehearsal", "-k"),
                    List.of("stop", "-P", p, "-n", "rehearsal"),
                    List.of("autostart", "-P", p, "-L"),
                    List.of("config", "lxc.lxcpath"),
                    List.of("destroy", "-P", p, "-n", "rehearsal"))) {
                Main.run(args.toArray(String[]::new), nowhere, nowhere);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the tools' rehearsal failed: " + e.getMessage(), e);
        } finally {
            Log.reset();
            if (lxcpath != null) {
                try {
                    org.jlxc.store.TreeRemover.remove(lxcpath);
                } catch (org.jlxc.store.StoreException e) {
                    System.err.println("jlxc __train: " + e.getMessage());
                }
            }
        }
    }
}
