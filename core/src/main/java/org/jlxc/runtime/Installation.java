package org.jlxc.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jlxc.linux.ProcSelf;

/** Where jlxc's own files are: the shim binary and the runtime directory. */
public final class Installation {
    private Installation() {}

    /** `-Djlxc.shim`, else `libexec/jlxc-shim` of `-Djlxc.home`. */
    public static Path shim() throws StartException {
        String explicit = System.getProperty("jlxc.shim");
        Path shim;
        if (explicit != null) {
            shim = Path.of(explicit);
        } else {
            String home = System.getProperty("jlxc.home");
            if (home == null) {
                throw new StartException("cannot find jlxc-shim: neither jlxc.shim nor jlxc.home is set");
            }
            shim = Path.of(home, "libexec", "jlxc-shim");
        }
        if (!Files.isExecutable(shim)) {
            throw new StartException("cannot find jlxc-shim: " + shim + " is missing or not executable");
        }
        return shim;
    }

    /** `bin/jlxc` of `-Djlxc.home`: what the shim runs for Java's work after a daemon's init ended. */
    public static Path launcher() throws StartException {
        String home = System.getProperty("jlxc.home");
        if (home == null) {
            throw new StartException("a daemon start needs the jlxc launcher: jlxc.home is not set");
        }
        return Path.of(home, "bin", "jlxc");
    }

    /** `/run/jlxc` for root, `$XDG_RUNTIME_DIR/jlxc` for others (as LXC's rundir). */
    public static Path runDir() {
        if (ProcSelf.effectiveUid() == 0) {
            return Path.of("/run/jlxc");
        }
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        return xdg != null ? Path.of(xdg, "jlxc") : Path.of(System.getProperty("java.io.tmpdir"), "jlxc-" + ProcSelf.effectiveUid());
    }
}
