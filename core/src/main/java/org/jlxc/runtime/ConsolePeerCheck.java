package org.jlxc.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.jlxc.config.ContainerConfig;
import org.jlxc.plan.ConsoleOptions;

/**
 * lxc.console.path (lxc-start -c) checked before anything of the start happens: LXC opens the
 * device only after the clone and fails there; a typo here costs nothing. The device is opened
 * by the shim, which also checks that it is a terminal (Java cannot ask isatty without opening
 * it, and opening a tty without O_NOCTTY could make it this process's controlling terminal).
 */
final class ConsolePeerCheck {
    private static final int S_IFMT = 0170000, S_IFCHR = 0020000;

    private ConsolePeerCheck() {}

    static void check(ContainerConfig config) throws StartException {
        String peer = ConsoleOptions.peer(config);
        if (peer == null) return;
        Path path = Path.of(peer);
        String where = "lxc.console.path " + peer + " (" + config.originOf("lxc.console.path") + ")";
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode");
        } catch (NoSuchFileException e) {
            throw new StartException(where + ": no such device");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new StartException(where + ": " + e.getMessage(), e);
        }
        if ((mode & S_IFMT) != S_IFCHR) {
            throw new StartException(where + ": not a terminal (lxc.console.path names the terminal device the "
                    + "console is relayed to; the console's output goes to a file with lxc.console.logfile)");
        }
        if (!Files.isReadable(path) || !Files.isWritable(path)) {
            throw new StartException(where + ": not readable and writable");
        }
    }
}
