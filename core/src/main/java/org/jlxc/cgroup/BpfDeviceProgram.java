package org.jlxc.cgroup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A BPF_PROG_TYPE_CGROUP_DEVICE program for a device policy, built as LXC's cgroup2_devices.c
 * builds it, so that a config means the same on v2 as under LXC:
 *
 * <ul>
 * <li>The bare {@code a} sets the list type and empties the list: {@code deny a} blocks every
 *     device not allowed by a later rule (an allow-list), {@code allow a} opens every device not
 *     denied by a later rule (a deny-list). Without it the program is an allow-list.
 * <li>Only the rules that differ from the default are compiled in (allows in an allow-list,
 *     denies in a deny-list); a rule equal to an earlier one (type, numbers, access) flips it.
 * <li>The newest rule is checked first; a rule matches when the device type and numbers match
 *     and the access asked for is a subset of its access; the first match decides; no match
 *     gives the default.
 * </ul>
 *
 * <p>One difference on purpose: LXC attaches nothing when the list is empty, so a lone
 * {@code deny a} leaves every device open there; here it blocks every device, as it does on v1.
 */
public record BpfDeviceProgram(List<Insn> instructions) {

    /** struct bpf_insn: opcode, registers, 16-bit offset, 32-bit immediate. */
    public record Insn(int code, int dst, int src, int off, int imm) {
        @Override
        public String toString() {
            return String.format("%02x %d %d %d %d", code, dst, src, off, imm);
        }
    }

    // Opcodes (include/uapi/linux/bpf_common.h, bpf.h).
    static final int LDX_MEM_W = 0x01 | 0x00 | 0x60;   // BPF_LDX | BPF_W | BPF_MEM
    static final int ALU32_AND_K = 0x04 | 0x50;         // BPF_ALU | BPF_AND | BPF_K
    static final int ALU32_RSH_K = 0x04 | 0x70;         // BPF_ALU | BPF_RSH | BPF_K
    static final int ALU32_MOV_X = 0x04 | 0xb0 | 0x08;  // BPF_ALU | BPF_MOV | BPF_X
    static final int ALU64_MOV_K = 0x07 | 0xb0;         // BPF_ALU64 | BPF_MOV | BPF_K
    static final int JNE_K = 0x05 | 0x50;               // BPF_JMP | BPF_JNE | BPF_K
    static final int JNE_X = 0x05 | 0x50 | 0x08;        // BPF_JMP | BPF_JNE | BPF_X
    static final int EXIT = 0x05 | 0x90;                // BPF_JMP | BPF_EXIT

    // struct bpf_cgroup_dev_ctx { u32 access_type (access << 16 | type); u32 major; u32 minor; }
    private static final int CTX_ACCESS_TYPE = 0, CTX_MAJOR = 4, CTX_MINOR = 8;
    private static final int DEV_BLOCK = 1, DEV_CHAR = 2;
    private static final int ALL_ACCESS = 7; // mknod | read | write

    /** Compiles rules in config order. */
    public static BpfDeviceProgram of(List<DeviceRule> rules) {
        boolean allowList = true;
        List<DeviceRule> list = new ArrayList<>(); // newest first, as LXC's list_add
        for (DeviceRule rule : rules) {
            if (rule.all()) {
                allowList = !rule.allow();
                list.clear();
                continue;
            }
            add(list, rule, allowList);
        }
        List<Insn> out = new ArrayList<>(List.of(
                new Insn(LDX_MEM_W, 2, 1, CTX_ACCESS_TYPE, 0), // r2 = device type
                new Insn(ALU32_AND_K, 2, 0, 0, 0xFFFF),
                new Insn(LDX_MEM_W, 3, 1, CTX_ACCESS_TYPE, 0), // r3 = access asked for
                new Insn(ALU32_RSH_K, 3, 0, 0, 16),
                new Insn(LDX_MEM_W, 4, 1, CTX_MAJOR, 0),       // r4 = major
                new Insn(LDX_MEM_W, 5, 1, CTX_MINOR, 0)));     // r5 = minor
        for (DeviceRule rule : list) {
            if (compiled(rule, allowList)) append(out, rule);
        }
        out.add(new Insn(ALU64_MOV_K, 0, 0, 0, allowList ? 0 : 1)); // the default
        out.add(new Insn(EXIT, 0, 0, 0, 0));
        return new BpfDeviceProgram(List.copyOf(out));
    }

    /** bpf_list_add_device: an equal rule already listed (and compiled) is flipped, not added. */
    private static void add(List<DeviceRule> list, DeviceRule rule, boolean allowList) {
        for (int i = 0; i < list.size(); i++) {
            DeviceRule old = list.get(i);
            if (old.type() != rule.type() || old.major() != rule.major() || old.minor() != rule.minor()
                    || !old.access().equals(rule.access()) || !compiled(old, allowList)) {
                continue;
            }
            if (old.allow() != rule.allow()) list.set(i, rule);
            return;
        }
        list.addFirst(rule);
    }

    /** An allow-list compiles only allows, a deny-list only denies: the rest is the default anyway. */
    private static boolean compiled(DeviceRule rule, boolean allowList) {
        return rule.allow() == allowList;
    }

    /** bpf_program_append_device: each check jumps past the decision when it fails. */
    private static void append(List<Insn> out, DeviceRule rule) {
        int mask = rule.accessMask();
        int type = rule.type() == 'b' ? DEV_BLOCK : rule.type() == 'c' ? DEV_CHAR : 0;
        int jump = 1 + (mask != ALL_ACCESS ? 1 : 0) + (type != 0 ? 1 : 0)
                + (rule.major() >= 0 ? 1 : 0) + (rule.minor() >= 0 ? 1 : 0);
        if (mask != ALL_ACCESS) {
            out.add(new Insn(ALU32_MOV_X, 1, 3, 0, 0));     // r1 = r3 & mask; r1 != r3: asks for more
            out.add(new Insn(ALU32_AND_K, 1, 0, 0, mask));
            out.add(new Insn(JNE_X, 1, 3, jump--, 0));
        }
        if (type != 0) out.add(new Insn(JNE_K, 2, 0, jump--, type));
        if (rule.major() >= 0) out.add(new Insn(JNE_K, 4, 0, jump--, rule.major()));
        if (rule.minor() >= 0) out.add(new Insn(JNE_K, 5, 0, jump, rule.minor()));
        out.add(new Insn(ALU64_MOV_K, 0, 0, 0, rule.allow() ? 1 : 0));
        out.add(new Insn(EXIT, 0, 0, 0, 0));
    }

    /** The instructions as the kernel takes them (struct bpf_insn[], the host's byte order). */
    public byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(instructions.size() * 8).order(ByteOrder.nativeOrder());
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (Insn i : instructions) {
            b.put((byte) i.code());
            // dst_reg:4, src_reg:4 bit-fields: dst in the low nibble on little-endian
            b.put((byte) (little ? (i.src() << 4) | i.dst() : (i.dst() << 4) | i.src()));
            b.putShort((short) i.off());
            b.putInt(i.imm());
        }
        return b.array();
    }
}
