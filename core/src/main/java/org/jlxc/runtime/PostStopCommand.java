package org.jlxc.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * `jlxc __post-stop --rundir DIR`: the exit command a daemon's shim runs after init ended
 * (plan op ON_EXIT), with init's wait status in JLXC_EXIT_STATUS. When init was killed by
 * SIGHUP (a reboot from inside, or lxc-stop -r) it then starts the container again in the same
 * shim ({@link Starter#reboot}); its stderr is the shim's log.
 */
public final class PostStopCommand {
    public static final String NAME = "__post-stop";

    private PostStopCommand() {}

    /** Returns the process exit code. */
    public static int run(List<String> args, Consumer<String> warnings) {
        if (args.size() != 2 || !args.get(0).equals("--rundir")) {
            warnings.accept("usage: jlxc " + NAME + " --rundir DIR");
            return 1;
        }
        RuntimeDir dir = new RuntimeDir(Path.of(args.get(1)));
        warnings = logToStartsLog(dir, warnings);
        String status = System.getenv("JLXC_EXIT_STATUS");
        Starter.Inputs reboot = null;
        if (status != null && Starter.requestedReboot(Integer.parseInt(status))) {
            // Read now: the post-stop work removes the run's files.
            try {
                reboot = Starter.Inputs.read(dir, warnings);
            } catch (StartException e) {
                warnings.accept("the container asked for a reboot, but " + e.getMessage() + ": it is stopped");
            }
        }
        PostStop.run(dir, reboot != null, status == null ? -1 : Integer.parseInt(status), warnings);
        if (reboot == null) return 0;
        try {
            new Starter(Installation.shim(), Installation.runDir(), warnings).reboot(dir, reboot);
            return 0;
        } catch (StartException e) {
            warnings.accept("reboot failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The warnings of the post-stop work (the stop reason among them) go to the start's log
     * file (-o, lxc.log.file) as well as to the shim's log: LXC's monitor, which does this
     * work there, logs to the start's file until the container stopped.
     */
    private static Consumer<String> logToStartsLog(RuntimeDir dir, Consumer<String> warnings) {
        StartRecord start;
        List<String> container = dir.readContainer();
        try {
            start = StartRecord.load(dir.start());
        } catch (java.io.IOException e) {
            return warnings; // a foreground start's run, or gone: the shim's log only
        }
        if (start.logFile() == null || container == null) return warnings;
        try {
            org.jlxc.log.Log.configure("lxc-start", container.get(1), start.logLevel(), start.logFile(), null);
        } catch (java.io.IOException e) {
            warnings.accept("cannot open the log file " + start.logFile() + ": " + e.getMessage());
            return warnings;
        }
        System.Logger log = org.jlxc.log.Log.logger("org.jlxc.warnings");
        return msg -> {
            log.log(System.Logger.Level.WARNING, msg);
            warnings.accept(msg);
        };
    }
}
