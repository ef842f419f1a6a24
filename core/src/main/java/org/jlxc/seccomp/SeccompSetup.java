package org.jlxc.seccomp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jlxc.config.ContainerConfig;
import org.jlxc.plan.Op;

/**
 * lxc.seccomp.profile and lxc.seccomp.allow_nesting at a start: the plan's SECCOMP op, read and
 * compiled before anything runs (LXC reads the policy in the monitor, before the clone).
 */
public final class SeccompSetup {
    private SeccompSetup() {}

    /**
     * @return the op, or null: no profile, or (allow_nesting = 0) this process is already under a
     *         seccomp filter or the kernel has no seccomp, when LXC neither reads nor loads the profile
     */
    public static Op.Seccomp op(ContainerConfig config) throws SeccompException {
        String path = config.seccompProfile();
        if (path == null || path.isEmpty()) {
            return null;
        }
        boolean nesting = Boolean.TRUE.equals(config.seccompAllowNesting());
        if (!nesting && !mayLoad()) {
            return null;
        }
        Profile profile = ProfileParser.read(Path.of(path), "lxc.seccomp.profile, " + config.originOf("lxc.seccomp.profile"));
        // The shim checks again where LXC loads it, in the child.
        return new Op.Seccomp(nesting ? 0 : Op.SECCOMP_SKIP_IF_CONFINED, FilterCompiler.compile(profile));
    }

    /** LXC's use_seccomp: a "Seccomp:" line in /proc/self/status that says 0. */
    static boolean mayLoad() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("Seccomp:")) {
                    return l.substring(8).strip().equals("0");
                }
            }
            return false; // a kernel without seccomp
        } catch (IOException e) {
            return true; // as LXC when it cannot open the file
        }
    }
}
