package org.jlxc.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;

/**
 * The process-wide log sink behind every {@link System.Logger} of jlxc (see
 * {@link JlxcLoggerFinder}), configured once from a tool's common options
 * (-o, -l, -q, -n) as LXC's {@code lxc_log_init} does.
 *
 * <p>Lines at or above the priority go to the log file; ERROR and above also go to the
 * console (stderr) as {@code lxc-start: message}, unless quiet. Until {@link #configure}
 * is called, ERROR and above go to System.err under the program name "jlxc".
 */
public final class Log {
    /** One immutable configuration, swapped atomically. */
    private record Sink(String program, String container, LogLevel level,
                        OutputStream file, Path path, PrintStream console, LongSupplier clock) {}

    private static final Sink DEFAULT =
            new Sink("jlxc", null, LogLevel.ERROR, null, null, System.err, System::currentTimeMillis);

    private static volatile Sink sink = DEFAULT;

    private Log() {}

    /**
     * Configures logging for this process, closing a previously opened log file.
     *
     * @param program   "lxc-start": the first field of every line
     * @param container the container name, or null
     * @param level     the lowest priority written
     * @param logfile   the log file (appended to, created if missing), or null for none
     * @param console   where ERROR and above are echoed, or null (quiet)
     * @throws IOException when the log file cannot be opened
     */
    public static void configure(String program, String container, LogLevel level, Path logfile,
                                 PrintStream console) throws IOException {
        configure(program, container, level, logfile, console, System::currentTimeMillis);
    }

    /** As {@link #configure(String, String, LogLevel, Path, PrintStream)}, with a clock for tests. */
    public static void configure(String program, String container, LogLevel level, Path logfile,
                                 PrintStream console, LongSupplier clock) throws IOException {
        OutputStream file = logfile == null ? null : open(logfile);
        Sink old;
        synchronized (Log.class) {
            old = sink;
            sink = new Sink(program, container, level, file, logfile, console, clock);
        }
        closeFile(old);
    }

    /** Logs to a sink that discards everything at every priority (AOT cache training). */
    public static void configureDiscarding(String program) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        Sink old;
        synchronized (Log.class) {
            old = sink;
            sink = new Sink(program, null, LogLevel.TRACE, OutputStream.nullOutputStream(), null, nowhere,
                    System::currentTimeMillis);
        }
        closeFile(old);
    }

    /** Back to the initial state; closes the log file. */
    public static void reset() {
        Sink old;
        synchronized (Log.class) {
            old = sink;
            sink = DEFAULT;
        }
        closeFile(old);
    }

    private static OutputStream open(Path logfile) throws IOException {
        Path parent = logfile.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        // Unbuffered on purpose: one write(2) per line keeps lines whole when several
        // processes append to the same file, and nothing is lost if the process dies.
        return Files.newOutputStream(logfile, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    private static void closeFile(Sink s) {
        if (s.file() == null) return;
        try {
            s.file().close();
        } catch (IOException ignored) {
            // nothing sensible to report a failing log file to
        }
    }

    /** Whether a line at this priority would be written anywhere. */
    /**
     * jlxc's logger of that name. Not System.getLogger: finding the LoggerFinder service (a
     * module and class path scan) costs about 10 ms of a command's startup; the finder stays
     * registered for the JDK's own loggers.
     */
    public static System.Logger logger(String name) {
        return new JlxcLogger(name, LogLevel.TRACE);
    }

    public static boolean isLoggable(LogLevel level) {
        Sink s = sink;
        return level.atLeast(s.level()) && (s.file() != null || (s.console() != null && level.atLeast(LogLevel.ERROR)));
    }

    /** The configured priority. */
    public static LogLevel level() {
        return sink.level();
    }

    /** The log file given to {@link #configure}, or null: a daemon's post-stop work logs there too. */
    public static Path file() {
        return sink.path();
    }

    /** The program name given to {@link #configure}: "lxc-start". */
    public static String program() {
        return sink.program();
    }

    /** Writes one message (and the stack trace of {@code thrown} at DEBUG and TRACE). */
    public static void log(String logger, LogLevel level, String message, Throwable thrown) {
        Sink s = sink;
        if (!level.atLeast(s.level())) return;
        String text = message == null ? "" : message;
        boolean trace = thrown != null && !s.level().atLeast(LogLevel.INFO);
        if (s.file() != null) {
            StringBuilder line = new StringBuilder(LogLine.format(s.program(), s.container(),
                    s.clock().getAsLong(), level, logger, text)).append('\n');
            if (trace) line.append(stackTrace(thrown));
            synchronized (s) {
                try {
                    s.file().write(line.toString().getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // A full disk must not make every command fail; say it once on the console.
                    if (s.console() != null) s.console().println(s.program() + ": cannot write the log file: " + e.getMessage());
                }
            }
        }
        if (s.console() != null && level.atLeast(LogLevel.ERROR)) {
            synchronized (s.console()) {
                s.console().println(s.program() + ": " + text);
                if (trace) s.console().print(stackTrace(thrown));
                s.console().flush();
            }
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
