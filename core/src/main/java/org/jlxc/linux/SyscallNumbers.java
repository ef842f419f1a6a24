package org.jlxc.linux;

/** System call numbers of the architectures jlxc runs on (asm/unistd_64.h, asm-generic/unistd.h). */
record SyscallNumbers(long getpid, long geteuid, long kill, long ioctl, long mount, long umount2,
                      long pidfdOpen, long pidfdSendSignal, long mkdirat,
                      long bpf, long openat, long close,
                      long socket, long bind, long sendto, long recvfrom, long setsockopt, long setns,
                      long execve, long prctl, long prlimit64) {

    static final SyscallNumbers CURRENT = forArch(System.getProperty("os.arch"));

    static SyscallNumbers forArch(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> new SyscallNumbers(39, 107, 62, 16, 165, 166, 434, 424, 258, 321, 257, 3,
                    41, 49, 44, 45, 54, 308, 59, 157, 302);
            case "aarch64" -> new SyscallNumbers(172, 175, 129, 29, 40, 39, 434, 424, 34, 280, 56, 57,
                    198, 200, 206, 207, 208, 268, 221, 167, 261);
            default -> throw new UnsupportedOperationException("jlxc does not support the " + arch + " architecture yet");
        };
    }
}
