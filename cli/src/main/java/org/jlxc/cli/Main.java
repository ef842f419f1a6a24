package org.jlxc.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Entry point of {@code jlxc TOOL ARGS...}; the launcher turns {@code lxc-TOOL ARGS...} into that.
 * {@link #run} holds all the logic so that tests run it in-process with captured streams.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        // Runtime.exit asks the System.Logger "java.lang.Runtime" whether to log the exit, which
        // costs the LoggerFinder service lookup (~10 ms) in every command. jlxc registers no
        // shutdown hook and its log file is unbuffered: halting loses nothing. The AOT training
        // run exits normally, as the JVM writes the cache on the way out.
        if (args.length > 0 && args[0].equals(Train.COMMAND)) System.exit(code);
        Runtime.getRuntime().halt(code);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(Help.general(Tools.all()));
            return 1;
        }
        String first = args[0];
        switch (first) {
            case "-h", "--help" -> {
                out.print(Help.general(Tools.all()));
                return 0;
            }
            case "--version" -> {
                out.println(Version.get());
                return 0;
            }
            case Train.COMMAND -> {
                return Train.run();
            }
            case org.jlxc.runtime.PostStopCommand.NAME -> {
                // Run by a daemon's shim after init ended; its stderr is the shim's log.
                return org.jlxc.runtime.PostStopCommand.run(Arrays.asList(args).subList(1, args.length),
                        msg -> err.println("jlxc " + first + ": " + msg));
            }
            default -> { }
        }
        if (first.startsWith("-")) {
            err.println("jlxc: unrecognized option '" + first + "'");
            err.println("Try 'jlxc --help' for more information.");
            return 1;
        }
        Tool tool = Tools.find(first);
        if (tool == null) {
            err.println("jlxc: unknown tool '" + first + "'");
            err.println("Try 'jlxc --help' for the list of tools.");
            return 1;
        }
        return ToolRunner.run(tool, Arrays.asList(args).subList(1, args.length), out, err);
    }
}
