package org.jlxc.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Facts about this process read from /proc/self. Every tool needs them at startup, and the
 * first downcall through FFM costs tens of milliseconds, so these stay off the FFM path.
 */
public final class ProcSelf {
    /** Devices that are terminals: ptys, virtual consoles, serial lines, /dev/console, /dev/tty. */
    private static final Pattern TERMINAL = Pattern.compile("/dev/(pts/\\d+|tty\\w*|console)");

    private ProcSelf() {}

    /** The effective uid: the second field of the "Uid:" line (real effective saved fs). */
    public static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status: " + e.getMessage(), e);
        }
        throw new IllegalStateException("no Uid: line in /proc/self/status");
    }

    /** Whether fd is open on a terminal device (what isatty(3) answers, told by the device's path). */
    public static boolean isTerminal(int fd) {
        try {
            return TERMINAL.matcher(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString()).matches();
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
