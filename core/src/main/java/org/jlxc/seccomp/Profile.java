package org.jlxc.seccomp;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed seccomp policy file (lxc.seccomp.profile).
 *
 * @param file          where it was read from
 * @param version       1 (an allowlist of x86_64 numbers) or 2
 * @param defaultAction what a call no rule matches gets
 * @param rules         in file order
 */
public record Profile(Path file, int version, Action defaultAction, List<Rule> rules) {
    public Profile {
        rules = List.copyOf(rules);
    }

    /** Version 1 filters only the native ABI, as LXC's (one libseccomp context): i386 and x32 calls are killed. */
    public List<Arch> arches() {
        return version == 1 ? List.of(Arch.X86_64) : List.of(Arch.X86_64, Arch.X32, Arch.I386);
    }
}
