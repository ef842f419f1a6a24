package org.jlxc.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The options every LXC tool accepts (LXC's arguments.c), added to each tool's own. */
public final class CommonOptions {
    public static final String NAME = "name";
    public static final String LOGFILE = "logfile";
    public static final String LOGPRIORITY = "logpriority";
    public static final String QUIET = "quiet";
    public static final String LXCPATH = "lxcpath";
    public static final String RCFILE = "rcfile";
    public static final String HELP = "help";
    public static final String USAGE = "usage";
    public static final String VERSION = "version";

    public static final List<Option> ALL = List.of(
            Option.withArg('n', NAME, "NAME", "Name of the container"),
            Option.withArg('o', LOGFILE, "FILE", "Append log lines to FILE ('none': no log file, the default)"),
            Option.withArg('l', LOGPRIORITY, "LEVEL", "Log from priority LEVEL up: TRACE DEBUG INFO NOTICE\n"
                    + "WARN ERROR (default, and for an unknown LEVEL) CRIT ALERT FATAL"),
            Option.flag('q', QUIET, "Print no error messages on stderr"),
            Option.withArg('P', LXCPATH, "PATH", "Look for containers in PATH instead of lxc.lxcpath"),
            Option.withArg((char) 0, RCFILE, "FILE", "Read the container's configuration from FILE"),
            Option.flag('h', HELP, "Print this help and exit"),
            Option.flag((char) 0, USAGE, "Print a short usage message and exit"),
            Option.flag((char) 0, VERSION, "Print the version and exit"));

    private CommonOptions() {}

    /**
     * The tool's options followed by the common ones. As in LXC, where the tool's table comes
     * first, the tool wins a clash: a common option it redefines (lxc-start's -f/--rcfile) is
     * dropped, and one whose letter it uses (lxc-config's -l) keeps only its long form.
     */
    public static List<Option> merge(List<Option> toolOptions) {
        Set<String> longs = new HashSet<>();
        Set<Character> shorts = new HashSet<>();
        for (Option o : toolOptions) {
            longs.add(o.longName());
            if (o.shortName() != 0) shorts.add(o.shortName());
        }
        List<Option> all = new ArrayList<>(toolOptions);
        for (Option c : ALL) {
            if (longs.contains(c.longName())) continue;
            all.add(shorts.contains(c.shortName())
                    ? new Option((char) 0, c.longName(), c.arg(), c.argName(), c.help())
                    : c);
        }
        return List.copyOf(all);
    }
}
