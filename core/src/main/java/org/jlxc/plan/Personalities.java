package org.jlxc.plan;

import java.util.Set;

/**
 * lxc.arch as personality(2) takes it, as LXC's lxc_config_parse_arch: a 32-bit architecture name
 * is PER_LINUX32 (uname then says i686 on an x86_64 host), a 64-bit one PER_LINUX.
 */
public final class Personalities {
    static final long PER_LINUX = 0x0000, PER_LINUX32 = 0x0008;

    private static final Set<String> BITS32 = Set.of("x86", "i386", "i486", "i586", "i686", "athlon", "linux32",
            "arm", "armel", "armhf", "armv7l", "armv7a", "athlon-fsr", "ppc", "powerpc", "mips", "mipsel", "sparc", "x32");

    private Personalities() {}

    public static long of(String arch) {
        return BITS32.contains(arch) ? PER_LINUX32 : PER_LINUX;
    }
}
