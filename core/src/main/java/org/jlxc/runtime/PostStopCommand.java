package org.jlxc.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * `jlxc __post-stop --rundir DIR`: the exit command a daemon's shim runs after init ended
 * (plan op ON_EXIT), with init's wait status in JLXC_EXIT_STATUS.
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
        String status = System.getenv("JLXC_EXIT_STATUS");
        if (status != null && (Integer.parseInt(status) & 0x7f) == 1) {
            // SIGHUP: a reboot from inside. The reboot loop is not there yet: it stops instead.
            warnings.accept("the container asked for a reboot; rebooting is not supported yet: it is stopped");
        }
        PostStop.run(dir, warnings);
        return 0;
    }
}
