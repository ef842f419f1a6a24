package org.jlxc.plan;

import java.util.List;

/** The resources of {@code lxc.prlimit.NAME}: RLIMIT_NAME's number (asm-generic/resource.h, as x86 and arm use). */
public final class Rlimits {
    /** By number: the names LXC accepts, RLIMIT_* lower-cased (conf.c's limit_opt table). */
    private static final List<String> NAMES = List.of("cpu", "fsize", "data", "stack", "core", "rss", "nproc",
            "nofile", "memlock", "as", "locks", "sigpending", "msgqueue", "nice", "rtprio", "rttime");

    private Rlimits() {}

    /** @throws IllegalArgumentException for a name the kernel has no limit for */
    public static int number(String name) {
        int n = NAMES.indexOf(name);
        if (n < 0) {
            throw new IllegalArgumentException("unknown resource \"" + name + "\" (one of " + String.join(", ", NAMES) + ")");
        }
        return n;
    }

    public static boolean known(String name) {
        return NAMES.contains(name);
    }
}
