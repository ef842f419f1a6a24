package org.jlxc.cli.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * The file descriptors the CLI inherited from its caller, reported as LXC 5's lxc_check_inherited
 * does at the start: "Inherited fd N" (WARN) for each, or "Closed inherited fd N" (INFO) when they
 * are closed: with -C, and always for a daemon start (LXC's daemonized monitor closes them).
 * jlxc passes none of them to the container either way (the shim closes every fd above 2).
 *
 * <p>The JVM opens files of its own (its jar, the AOT cache, ...) before any Java code runs, so
 * /proc/self/fd cannot tell them from inherited ones: the launcher lists the fds open when it
 * runs (other than 0-2 and its own fd on the script) and passes them as the system property {@code jlxc.inheritedFds}
 * ("7,10"). Without the launcher (a plain `java -jar`) there is nothing to report.
 */
final class InheritedFds {
    static final String PROPERTY = "jlxc.inheritedFds";
    private static final System.Logger LOG = org.jlxc.log.Log.logger("org.jlxc.start");

    private InheritedFds() {}

    /** The fds in the property's value, without 0-2, duplicates and anything that is not a number. */
    static List<Integer> parse(String value) {
        List<Integer> fds = new ArrayList<>();
        if (value == null) return fds;
        for (String s : value.split("[,\\s]+")) {
            if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 9) continue;
            int fd = Integer.parseInt(s);
            if (fd > 2 && !fds.contains(fd)) fds.add(fd);
        }
        fds.sort(null); // LXC walks /proc/self/fd: in numeric order
        return fds;
    }

    /** LXC's messages for the fds, in order. */
    static List<String> messages(List<Integer> fds, boolean closed) {
        return fds.stream().map(fd -> (closed ? "Closed inherited fd " : "Inherited fd ") + fd).toList();
    }

    /** Logs what the launcher recorded, as LXC's start does. */
    static void report(boolean closed) {
        for (String m : messages(parse(System.getProperty(PROPERTY)), closed)) {
            LOG.log(closed ? System.Logger.Level.INFO : System.Logger.Level.WARNING, m);
        }
    }
}
