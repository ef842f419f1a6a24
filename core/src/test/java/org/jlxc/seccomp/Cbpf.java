package org.jlxc.seccomp;

/**
 * A classic BPF interpreter for seccomp filters, written from the kernel's instruction set
 * (linux/filter.h), independent of the compiler: it knows only the instructions a seccomp filter
 * may hold that the compiler is meant to emit, and fails on anything else, on a jump out of the
 * program or on running off its end.
 */
final class Cbpf {
    private Cbpf() {}

    /** struct seccomp_data. */
    record Data(int nr, int arch, long... args) {
        long arg(int i) {
            return i < args.length ? args[i] : 0;
        }

        /** The 32-bit word at this offset of the struct, little-endian. */
        int word(int offset) {
            if (offset == 0) return nr;
            if (offset == 4) return arch;
            if (offset == 8 || offset == 12) return 0; // instruction_pointer
            if (offset >= 16 && offset < 64 && offset % 4 == 0) {
                long a = arg((offset - 16) / 8);
                return (offset - 16) % 8 == 0 ? (int) a : (int) (a >>> 32);
            }
            throw new AssertionError("load outside seccomp_data: " + offset);
        }
    }

    static int run(byte[] prog, Data d) {
        if (prog.length % 8 != 0 || prog.length == 0) throw new AssertionError("not whole instructions");
        int n = prog.length / 8, pc = 0, a = 0, steps = 0;
        while (true) {
            if (pc >= n) throw new AssertionError("ran off the end of the program");
            if (++steps > 100_000) throw new AssertionError("loop");
            int o = pc * 8;
            int code = (prog[o] & 0xff) | (prog[o + 1] & 0xff) << 8;
            int jt = prog[o + 2] & 0xff, jf = prog[o + 3] & 0xff;
            int k = (prog[o + 4] & 0xff) | (prog[o + 5] & 0xff) << 8 | (prog[o + 6] & 0xff) << 16 | (prog[o + 7] & 0xff) << 24;
            pc++;
            switch (code) {
                case 0x20 -> a = d.word(k);                       // BPF_LD | BPF_W | BPF_ABS
                case 0x54 -> a &= k;                              // BPF_ALU | BPF_AND | BPF_K
                case 0x06 -> { return k; }                        // BPF_RET | BPF_K
                case 0x05 -> pc += k;                             // BPF_JMP | BPF_JA
                case 0x15 -> pc += a == k ? jt : jf;              // BPF_JEQ
                case 0x25 -> pc += Integer.compareUnsigned(a, k) > 0 ? jt : jf;  // BPF_JGT
                case 0x35 -> pc += Integer.compareUnsigned(a, k) >= 0 ? jt : jf; // BPF_JGE
                default -> throw new AssertionError("unexpected instruction 0x" + Integer.toHexString(code));
            }
        }
    }
}
