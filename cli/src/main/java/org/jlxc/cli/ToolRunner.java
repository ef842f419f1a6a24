package org.jlxc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.jlxc.config.GlobalConfig;
import org.jlxc.log.Log;
import org.jlxc.log.LogLevel;

/**
 * Runs one tool: parses its command line (tool options + {@link CommonOptions}), answers
 * --help/--usage/--version, resolves the container name, sets up logging, runs the tool and
 * turns what it throws into one line on stderr and exit code 1.
 */
final class ToolRunner {
    /** Where the command line leads: a tool to run, or an exit code (help printed, or an error). */
    sealed interface Prepared {
        record Ready(ToolInvocation invocation, LogLevel level, Path logfile, boolean quiet) implements Prepared {}

        record Done(int exitCode) implements Prepared {}
    }

    private ToolRunner() {}

    static int run(Tool tool, List<String> args, PrintStream out, PrintStream err) {
        // instanceof, not a pattern switch: that would spin a class at run time (~10 ms per command).
        Prepared prepared = prepare(tool, args, out, err);
        if (prepared instanceof Prepared.Ready ready) return execute(tool, ready, err);
        return ((Prepared.Done) prepared).exitCode();
    }

    static int execute(Tool tool, Prepared.Ready ready, PrintStream err) {
        ToolInvocation inv = ready.invocation();
        String program = inv.program();
        try {
            Log.configure(program, inv.name(), ready.level(), ready.logfile(), ready.quiet() ? null : err);
        } catch (IOException e) {
            err.println(program + ": cannot open the log file: " + Errors.describe(e));
            return 1;
        }
        try {
            return tool.run(inv);
        } catch (UsageException e) {
            err.println(program + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            // One line for the user; the stack trace only when asked for with -l DEBUG/TRACE.
            Log.log(ToolRunner.class.getName(), LogLevel.ERROR, Errors.describe(e), e);
            return 1;
        } finally {
            Log.reset();
        }
    }

    static Prepared prepare(Tool tool, List<String> args, PrintStream out, PrintStream err) {
        String program = Help.program(tool);
        List<Option> options = CommonOptions.merge(tool.options());
        Getopt.Result parsed;
        try {
            parsed = new Getopt(options, ordering(System.getenv("POSIXLY_CORRECT"))).parse(args);
        } catch (UsageException e) {
            err.println(program + ": " + e.getMessage());
            err.println("Try '" + program + " --help' for more information.");
            return new Prepared.Done(1);
        }
        if (parsed.has(CommonOptions.HELP)) {
            out.print(Help.tool(tool, options));
            return new Prepared.Done(0);
        }
        if (parsed.has(CommonOptions.USAGE)) {
            out.print(Help.usage(tool, options));
            return new Prepared.Done(0);
        }
        if (parsed.has(CommonOptions.VERSION)) {
            out.println(Version.get());
            return new Prepared.Done(0);
        }

        // As LXC, an unknown priority is no error: it logs as ERROR.
        String priority = parsed.value(CommonOptions.LOGPRIORITY);
        LogLevel level = priority == null ? LogLevel.ERROR : LogLevel.parseOrError(priority);
        String logfile = parsed.value(CommonOptions.LOGFILE);
        Path logPath = logfile == null || logfile.equals("none") ? null : Path.of(logfile);

        String name = parsed.value(CommonOptions.NAME);
        List<String> arguments = parsed.arguments();
        if (tool.needsName()) {
            if ((name == null || name.isEmpty()) && !arguments.isEmpty()) {
                // LXC 5: `lxc-start c1` is `lxc-start -n c1`
                name = arguments.getFirst();
                arguments = arguments.subList(1, arguments.size());
            }
            if (name == null || name.isEmpty()) {
                err.println(program + ": missing container name, use --name option");
                return new Prepared.Done(1);
            }
        }

        // LXC takes the first -P as the container path (lxc-monitor alone reads them all).
        List<String> paths = parsed.values(CommonOptions.LXCPATH);
        String lxcpath = paths.isEmpty() ? null : stripTrailingSlashes(paths.getFirst());
        var inv = new ToolInvocation(program, name, lxcpath, () -> GlobalConfig.forCurrentUser().lxcpath(),
                parsed, arguments, out, err);
        return new Prepared.Ready(inv, level, logPath, parsed.has(CommonOptions.QUIET));
    }

    /** As glibc (and so LXC): options after arguments count, unless POSIXLY_CORRECT is set. */
    static Getopt.Ordering ordering(String posixlyCorrect) {
        return posixlyCorrect == null ? Getopt.Ordering.PERMUTE : Getopt.Ordering.REQUIRE_ORDER;
    }

    static String stripTrailingSlashes(String path) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') end--;
        return path.substring(0, end);
    }
}
