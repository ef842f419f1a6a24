package org.jlxc.linux;

/** Namespace flags of clone(2)/unshare(2)/setns(2). */
public final class CloneFlags {
    public static final long CLONE_NEWTIME = 0x80, CLONE_NEWNS = 0x20000, CLONE_NEWCGROUP = 0x02000000,
            CLONE_NEWUTS = 0x04000000, CLONE_NEWIPC = 0x08000000, CLONE_NEWUSER = 0x10000000,
            CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000;

    private CloneFlags() {}
}
