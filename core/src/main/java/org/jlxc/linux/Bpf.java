package org.jlxc.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * bpf(2) for cgroup device programs: load a BPF_PROG_TYPE_CGROUP_DEVICE program and attach it
 * to a cgroup2 directory (what LXC's cgroup2_devices.c does with its own bpf() wrapper).
 * The attached program is held by the cgroup: closing our descriptors does not detach it, and
 * the kernel releases it with the cgroup (rmdir).
 */
public final class Bpf {
    private static final SyscallNumbers NR = SyscallNumbers.CURRENT;

    // include/uapi/linux/bpf.h
    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_ATTACH = 8;
    private static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    private static final int BPF_CGROUP_DEVICE = 6;
    /** Several programs per cgroup, all of which must allow: the host's own (systemd's) stay in force. */
    private static final int BPF_F_ALLOW_MULTI = 2;
    /** Enough of union bpf_attr for PROG_LOAD and PROG_ATTACH; the kernel wants the tail zeroed. */
    private static final int ATTR_SIZE = 128;
    private static final int LOG_SIZE = 64 * 1024;

    private static final int O_RDONLY = 0;
    private static final int O_DIRECTORY = 0x10000; // x86_64 and aarch64 differ: see openDirectory
    private static final int O_DIRECTORY_ARM64 = 0x4000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int AT_FDCWD = -100;

    private Bpf() {}

    /**
     * Loads a cgroup device program (license GPL, as LXC's) and attaches it to the cgroup
     * directory with BPF_F_ALLOW_MULTI.
     *
     * @param instructions struct bpf_insn array, 8 bytes each, in the host's byte order
     * @throws ErrnoException for the failing step; a rejected program's verifier log is in the object
     */
    public static void attachDeviceProgram(Path cgroupDir, byte[] instructions) throws ErrnoException {
        int prog = load(instructions);
        try {
            int dir = openDirectory(cgroupDir);
            try {
                attach(dir, prog);
            } finally {
                close(dir);
            }
        } finally {
            close(prog);
        }
    }

    private static int load(byte[] instructions) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment insns = arena.allocate(instructions.length, 8);
            MemorySegment.copy(instructions, 0, insns, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, instructions.length);
            MemorySegment license = arena.allocateFrom("GPL");
            MemorySegment attr = loadAttr(arena, insns, instructions.length / 8, license, MemorySegment.NULL);
            try {
                return (int) Libc.syscall("bpf", "BPF_PROG_LOAD", NR.bpf(), BPF_PROG_LOAD, attr.address(),
                        ATTR_SIZE, 0, 0, 0);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EINVAL && e.errno() != Errno.EACCES) throw e;
                // Rejected by the verifier: load again with a log to say why.
                MemorySegment log = arena.allocate(LOG_SIZE);
                MemorySegment again = loadAttr(arena, insns, instructions.length / 8, license, log);
                try {
                    Libc.syscall("bpf", "BPF_PROG_LOAD", NR.bpf(), BPF_PROG_LOAD, again.address(), ATTR_SIZE, 0, 0, 0);
                } catch (ErrnoException withLog) {
                    String why = log.getString(0).strip();
                    throw new ErrnoException("bpf", "BPF_PROG_LOAD" + (why.isEmpty() ? "" : ", verifier: " + why),
                            withLog.errno());
                }
                throw e; // accepted the second time: odd, but the first failure is the truth
            }
        }
    }

    private static MemorySegment loadAttr(Arena arena, MemorySegment insns, int count, MemorySegment license,
                                          MemorySegment log) {
        MemorySegment attr = arena.allocate(ATTR_SIZE, 8); // zeroed
        attr.set(JAVA_INT, 0, BPF_PROG_TYPE_CGROUP_DEVICE); // prog_type
        attr.set(JAVA_INT, 4, count);                        // insn_cnt
        attr.set(JAVA_LONG, 8, insns.address());             // insns
        attr.set(JAVA_LONG, 16, license.address());          // license
        if (!log.equals(MemorySegment.NULL)) {
            attr.set(JAVA_INT, 24, 1);                       // log_level
            attr.set(JAVA_INT, 28, (int) log.byteSize());    // log_size
            attr.set(JAVA_LONG, 32, log.address());          // log_buf
        }
        return attr;
    }

    private static void attach(int cgroupFd, int progFd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(ATTR_SIZE, 8);
            attr.set(JAVA_INT, 0, cgroupFd);           // target_fd
            attr.set(JAVA_INT, 4, progFd);             // attach_bpf_fd
            attr.set(JAVA_INT, 8, BPF_CGROUP_DEVICE);  // attach_type
            attr.set(JAVA_INT, 12, BPF_F_ALLOW_MULTI); // attach_flags
            Libc.syscall("bpf", "BPF_PROG_ATTACH", NR.bpf(), BPF_PROG_ATTACH, attr.address(), ATTR_SIZE, 0, 0, 0);
        }
    }

    private static int openDirectory(Path dir) throws ErrnoException {
        int directory = System.getProperty("os.arch").equals("aarch64") ? O_DIRECTORY_ARM64 : O_DIRECTORY;
        try (Arena arena = Arena.ofConfined()) {
            return (int) Libc.syscall("openat", dir.toString(), NR.openat(), AT_FDCWD,
                    arena.allocateFrom(dir.toString()).address(), O_RDONLY | directory | O_CLOEXEC, 0, 0, 0);
        }
    }

    private static void close(int fd) {
        try {
            Libc.syscall("close", null, NR.close(), fd, 0, 0, 0, 0, 0);
        } catch (ErrnoException ignored) {
            // nothing to do about a failed close of our own descriptor
        }
    }
}
