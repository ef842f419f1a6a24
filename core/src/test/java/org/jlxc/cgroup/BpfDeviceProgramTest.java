package org.jlxc.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jlxc.cgroup.BpfDeviceProgram.Insn;
import org.jlxc.config.Origin;
import org.junit.jupiter.api.Test;

/**
 * The expected programs are written out by hand from LXC 5's cgroup2_devices.c (bpf_program_init,
 * bpf_program_append_device, bpf_program_finalize and bpf_list_add_device's newest-first list),
 * with the raw opcodes of include/uapi/linux/bpf.h.
 */
class BpfDeviceProgramTest {
    private static final Origin AT = new Origin(Path.of("/c/config"), 1);

    /** LXC's prologue: r2 = type, r3 = access, r4 = major, r5 = minor. */
    private static final List<Insn> PROLOGUE = List.of(
            new Insn(0x61, 2, 1, 0, 0), new Insn(0x54, 2, 0, 0, 0xFFFF),
            new Insn(0x61, 3, 1, 0, 0), new Insn(0x74, 3, 0, 0, 16),
            new Insn(0x61, 4, 1, 4, 0),
            new Insn(0x61, 5, 1, 8, 0));

    private static List<DeviceRule> rules(String... lines) throws CgroupException {
        List<DeviceRule> out = new ArrayList<>();
        for (String line : lines) {
            boolean allow = line.startsWith("allow ");
            out.add(DeviceRule.parse(allow, line.substring(allow ? 6 : 5), AT));
        }
        return out;
    }

    private static List<Insn> program(List<Insn> body, int defaultVerdict) {
        List<Insn> all = new ArrayList<>(PROLOGUE);
        all.addAll(body);
        all.add(new Insn(0xb7, 0, 0, 0, defaultVerdict));
        all.add(new Insn(0x95, 0, 0, 0, 0));
        return all;
    }

    @Test
    void lxcsUsualPolicyIsAnAllowListCheckedNewestFirst() throws Exception {
        BpfDeviceProgram p = BpfDeviceProgram.of(rules(
                "deny a", "allow c *:* m", "allow b *:* m", "allow c 1:3 rwm", "allow c 136:* rwm"));
        assertThat(p.instructions()).containsExactlyElementsOf(program(List.of(
                // c 136:* rwm: all access, so no access check
                new Insn(0x55, 2, 0, 3, 2), new Insn(0x55, 4, 0, 2, 136),
                new Insn(0xb7, 0, 0, 0, 1), new Insn(0x95, 0, 0, 0, 0),
                // c 1:3 rwm
                new Insn(0x55, 2, 0, 4, 2), new Insn(0x55, 4, 0, 3, 1), new Insn(0x55, 5, 0, 2, 3),
                new Insn(0xb7, 0, 0, 0, 1), new Insn(0x95, 0, 0, 0, 0),
                // b *:* m: r1 = r3 & MKNOD; r1 != r3 means more than mknod was asked for
                new Insn(0xbc, 1, 3, 0, 0), new Insn(0x54, 1, 0, 0, 1), new Insn(0x5d, 1, 3, 3, 0),
                new Insn(0x55, 2, 0, 2, 1),
                new Insn(0xb7, 0, 0, 0, 1), new Insn(0x95, 0, 0, 0, 0),
                // c *:* m
                new Insn(0xbc, 1, 3, 0, 0), new Insn(0x54, 1, 0, 0, 1), new Insn(0x5d, 1, 3, 3, 0),
                new Insn(0x55, 2, 0, 2, 2),
                new Insn(0xb7, 0, 0, 0, 1), new Insn(0x95, 0, 0, 0, 0)), 0));
    }

    @Test
    void allowAMakesADenyListOfTheLaterDenies() throws Exception {
        BpfDeviceProgram p = BpfDeviceProgram.of(rules("allow c 1:3 rwm", "allow a", "deny b 8:* rw", "allow c 1:5 rwm"));
        // The allow before `allow a` is dropped by the reset, the one after is the default anyway.
        assertThat(p.instructions()).containsExactlyElementsOf(program(List.of(
                new Insn(0xbc, 1, 3, 0, 0), new Insn(0x54, 1, 0, 0, 6), new Insn(0x5d, 1, 3, 4, 0),
                new Insn(0x55, 2, 0, 3, 1), new Insn(0x55, 4, 0, 2, 8),
                new Insn(0xb7, 0, 0, 0, 0), new Insn(0x95, 0, 0, 0, 0)), 1));
    }

    @Test
    void aDenyOfAnAllowedRuleTakesItOutAndNoRulesAllowsNothingInAnAllowList() throws Exception {
        assertThat(BpfDeviceProgram.of(rules("deny a", "allow c 1:3 rwm", "deny c 1:3 rwm")).instructions())
                .containsExactlyElementsOf(program(List.of(), 0));
        // No `a` at all: an allow-list too (LXC's default list type).
        assertThat(BpfDeviceProgram.of(rules("deny c 1:3 rwm")).instructions())
                .containsExactlyElementsOf(program(List.of(), 0));
    }

    @Test
    void bytesAreStructBpfInsn() throws Exception {
        byte[] b = BpfDeviceProgram.of(rules("deny a", "allow c 1:3 rwm")).bytes();
        assertThat(b).hasSize((6 + 5 + 2) * 8);
        // ldx w r2, [r1 + 0]: code 0x61, dst 2 in the low nibble, src 1 in the high one
        assertThat(java.util.Arrays.copyOfRange(b, 0, 8)).containsExactly(0x61, 0x12, 0, 0, 0, 0, 0, 0);
        // and w2, 0xffff
        assertThat(java.util.Arrays.copyOfRange(b, 8, 16)).containsExactly(0x54, 0x02, 0, 0, 0xff, 0xff, 0, 0);
        // jne r5, 3, +2
        assertThat(java.util.Arrays.copyOfRange(b, 64, 72)).containsExactly(0x55, 0x05, 2, 0, 3, 0, 0, 0);
    }
}
