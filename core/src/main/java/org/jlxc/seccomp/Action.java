package org.jlxc.seccomp;

/**
 * What a filter returns for a call: a SECCOMP_RET_* value (linux/seccomp.h), as libseccomp's
 * SCMP_ACT_* the profile's action words stand for.
 *
 * @param ret  the filter's return value
 * @param name the profile's spelling, for messages
 */
public record Action(int ret, String name) {
    /** SCMP_ACT_KILL: SECCOMP_RET_KILL_THREAD. */
    public static final Action KILL = new Action(0x00000000, "kill");
    public static final Action TRAP = new Action(0x00030000, "trap");
    public static final Action ALLOW = new Action(0x7fff0000, "allow");
    private static final int RET_ERRNO = 0x00050000;

    /** SCMP_ACT_ERRNO(e): the low 16 bits carry the errno (the kernel caps it at 4095). */
    public static Action errno(int e) {
        return new Action(RET_ERRNO | (e & 0xffff), "errno " + e);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Action a && a.ret == ret;
    }

    @Override
    public int hashCode() {
        return ret;
    }

    @Override
    public String toString() {
        return name;
    }
}
