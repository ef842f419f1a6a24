package org.jlxc.seccomp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a {@link Profile} to a classic BPF seccomp filter (an array of struct sock_filter, 8
 * bytes each, little-endian), shaped as libseccomp's: the architecture is checked first (any
 * other than x86_64 or, for version 2, i386 is killed), x86_64 calls with the x32 bit go to the
 * x32 rules (killed in version 1, whose filter has only the native ABI), then each call's rules
 * and the default action last. Argument conditions compare the 64-bit argument as two 32-bit
 * halves, high first; on i386, whose arguments are 32-bit, only the low half, as libseccomp does.
 *
 * Within one call, rules with conditions are tried in file order (libseccomp orders overlapping
 * conditions by its own tree; profiles whose conditions overlap with different actions may differ).
 */
public final class FilterCompiler {
    /** BPF_MAXINSNS: the kernel refuses longer filters. */
    public static final int MAX_INSNS = 4096;
    /** struct seccomp_data offsets. */
    static final int NR = 0, ARCH = 4, ARGS = 16;
    static final int LD_W_ABS = 0x20, JA = 0x05, JEQ = 0x15, JGT = 0x25, JGE = 0x35, AND_K = 0x54, RET_K = 0x06;
    /** Jump fields that are not labels: fall through, or skip the next instruction. */
    private static final int NEXT = -1, SKIP1 = -2;

    /** An instruction whose jump fields are labels (NEXT: fall through) until laid out. */
    private record Insn(int code, int jt, int jf, int k, int target) {}

    private final List<Insn> insns = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>(); // label id -> instruction index

    private FilterCompiler() {}

    public static byte[] compile(Profile profile) throws SeccompException {
        return new FilterCompiler().program(profile);
    }

    private byte[] program(Profile profile) throws SeccompException {
        List<Arch> arches = profile.arches();
        int x86_64 = label(), i386 = label(), x32 = label();
        emit(LD_W_ABS, 0, 0, ARCH);
        emit(JEQ, NEXT, SKIP1, Arch.X86_64.auditArch);
        jump(x86_64);
        if (arches.contains(Arch.I386)) {
            emit(JEQ, NEXT, SKIP1, Arch.I386.auditArch);
            jump(i386);
        }
        ret(Action.KILL); // any other architecture

        place(x86_64);
        emit(LD_W_ABS, 0, 0, NR);
        int native64 = label();
        emit(JGE, NEXT, native64, Arch.X32_SYSCALL_BIT);
        if (arches.contains(Arch.X32)) {
            jump(x32);
        } else {
            ret(Action.KILL);
        }
        place(native64);
        calls(profile, Arch.X86_64);
        if (arches.contains(Arch.X32)) {
            place(x32);
            emit(LD_W_ABS, 0, 0, NR);
            calls(profile, Arch.X32);
        }
        if (arches.contains(Arch.I386)) {
            place(i386);
            emit(LD_W_ABS, 0, 0, NR);
            calls(profile, Arch.I386);
        }
        if (insns.size() > MAX_INSNS) {
            throw new SeccompException(profile.file() + ": compiles to " + insns.size()
                    + " BPF instructions, over the kernel's limit of " + MAX_INSNS);
        }
        return layout();
    }

    /** Every call's rules in this ABI, then the default action; A holds the call number on entry. */
    private void calls(Profile profile, Arch arch) throws SeccompException {
        Map<Integer, List<Rule>> byCall = new LinkedHashMap<>();
        for (Rule r : profile.rules()) {
            int nr = r.numberIn(arch);
            if (nr >= 0) byCall.computeIfAbsent(nr, n -> new ArrayList<>()).add(r);
        }
        boolean holdsNr = true;
        for (var e : byCall.entrySet()) {
            // As libseccomp (checked against LXC): an unconditional rule makes the call's conditional
            // ones redundant, whatever the order; of two unconditional ones the first counts; two
            // rules with the same conditions and different actions are refused (EEXIST).
            List<Rule> conditional = new ArrayList<>();
            Rule unconditional = null;
            for (Rule r : e.getValue()) {
                if (r.args().isEmpty()) {
                    if (unconditional == null) unconditional = r;
                    continue;
                }
                Rule same = conditional.stream().filter(c -> c.args().equals(r.args())).findFirst().orElse(null);
                if (same == null) {
                    conditional.add(r);
                } else if (!same.action().equals(r.action())) {
                    throw new SeccompException(profile.file() + ":" + r.line() + ": " + describe(r)
                            + " has the conditions of line " + same.line() + " with another action");
                }
            }
            if (unconditional != null) conditional.clear();
            if (!holdsNr) emit(LD_W_ABS, 0, 0, NR);
            if (conditional.isEmpty()) {
                emit(JEQ, NEXT, SKIP1, e.getKey());
                ret(unconditional.action());
                holdsNr = true;
                continue;
            }
            int end = label();
            emit(JEQ, SKIP1, NEXT, e.getKey());
            jump(end);
            for (Rule r : conditional) {
                int fail = label();
                for (ArgCondition c : r.args()) {
                    condition(c, arch == Arch.I386, fail);
                }
                ret(r.action());
                place(fail);
            }
            if (unconditional != null) ret(unconditional.action());
            place(end);
            holdsNr = false;
        }
        ret(profile.defaultAction());
    }

    private static String describe(Rule r) {
        return (r.name() == null ? "system call " + r.number() : r.name()) + " " + r.action();
    }

    /** Falls through when the condition holds, jumps to fail when not. */
    private void condition(ArgCondition c, boolean only32, int fail) {
        int lo = ARGS + 8 * c.index(), hi = lo + 4;
        int vl = (int) c.value(), vh = (int) (c.value() >>> 32);
        int ml = (int) c.mask(), mh = (int) (c.mask() >>> 32);
        int pass = label();
        if (!only32) {
            emit(LD_W_ABS, 0, 0, hi);
            switch (c.op()) {
                case EQ -> emit(JEQ, NEXT, fail, vh);
                case NE -> emit(JEQ, NEXT, pass, vh);
                case GT, GE -> { emit(JGT, pass, NEXT, vh); emit(JEQ, NEXT, fail, vh); }
                case LT, LE -> { emit(JGT, fail, NEXT, vh); emit(JEQ, NEXT, pass, vh); }
                case MASKED_EQ -> { emit(AND_K, 0, 0, mh); emit(JEQ, NEXT, fail, vh); }
            }
        }
        emit(LD_W_ABS, 0, 0, lo);
        switch (c.op()) {
            case EQ -> emit(JEQ, NEXT, fail, vl);
            case NE -> emit(JEQ, fail, NEXT, vl);
            case GT -> emit(JGT, NEXT, fail, vl);
            case GE -> emit(JGE, NEXT, fail, vl);
            case LT -> emit(JGE, fail, NEXT, vl);
            case LE -> emit(JGT, fail, NEXT, vl);
            case MASKED_EQ -> { emit(AND_K, 0, 0, ml); emit(JEQ, NEXT, fail, vl); }
        }
        place(pass);
    }

    private int label() {
        labels.add(-1);
        return labels.size() - 1;
    }

    private void place(int label) {
        labels.set(label, insns.size());
    }

    private void emit(int code, int jt, int jf, int k) {
        insns.add(new Insn(code, jt, jf, k, NEXT));
    }

    private void jump(int label) {
        insns.add(new Insn(JA, NEXT, NEXT, 0, label));
    }

    private void ret(Action a) {
        emit(RET_K, 0, 0, a.ret());
    }

    private byte[] layout() throws SeccompException {
        byte[] out = new byte[insns.size() * 8];
        for (int i = 0; i < insns.size(); i++) {
            Insn n = insns.get(i);
            int code = n.code(), k = n.k(), jt = 0, jf = 0;
            if (code == JA) {
                k = resolve(n.target(), i);
            } else if (code == JEQ || code == JGT || code == JGE) {
                jt = resolve(n.jt(), i);
                jf = resolve(n.jf(), i);
                if (jt > 255 || jf > 255) {
                    throw new SeccompException("internal error: a conditional jump of " + Math.max(jt, jf)
                            + " instructions");
                }
            }
            int o = i * 8;
            out[o] = (byte) code;
            out[o + 1] = (byte) (code >>> 8);
            out[o + 2] = (byte) jt;
            out[o + 3] = (byte) jf;
            out[o + 4] = (byte) k;
            out[o + 5] = (byte) (k >>> 8);
            out[o + 6] = (byte) (k >>> 16);
            out[o + 7] = (byte) (k >>> 24);
        }
        return out;
    }

    /** The forward offset from instruction i to the label (0: the next instruction). */
    private int resolve(int label, int i) {
        if (label == NEXT) return 0;
        if (label == SKIP1) return 1;
        int at = labels.get(label);
        if (at < 0) throw new IllegalStateException("label " + label + " never placed");
        int off = at - i - 1;
        if (off < 0) throw new IllegalStateException("backward jump");
        return off;
    }
}
