package org.jlxc.seccomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Filters run through {@link Cbpf} with seccomp_data cases. */
class FilterCompilerTest {
    static final int X86_64 = 0xC000003E, I386 = 0x40000003, AARCH64 = 0xC00000B7;
    static final int ALLOW = 0x7fff0000, KILL = 0, ERRNO = 0x00050000, TRAP = 0x00030000;
    static final int MNT_FORCE = 1, MNT_DETACH = 2;

    static byte[] compile(String text) throws SeccompException {
        return FilterCompiler.compile(ProfileParser.parse(Path.of("/p"), "test", text));
    }

    static int run(byte[] prog, int arch, int nr, long... args) {
        return Cbpf.run(prog, new Cbpf.Data(nr, arch, args));
    }

    @Test
    void commonSeccompDeniesItsCallsInEveryAbi() throws Exception {
        byte[] p = FilterCompiler.compile(ProfileParser.read(Path.of("/usr/share/lxc/config/common.seccomp"), "test"));
        // kexec_load: x86_64 246, x32 0x40000000+528, i386 283
        assertThat(run(p, X86_64, 246)).isEqualTo(ERRNO | 1);
        assertThat(run(p, X86_64, 0x40000000 + 528)).isEqualTo(ERRNO | 1);
        assertThat(run(p, I386, 283)).isEqualTo(ERRNO | 1);
        // open_by_handle_at, init_module, finit_module, delete_module on x86_64
        for (int nr : new int[] {304, 175, 313, 176}) assertThat(run(p, X86_64, nr)).isEqualTo(ERRNO | 1);
        // everything else is allowed: read, mount, x32 read, i386 read
        assertThat(run(p, X86_64, 0)).isEqualTo(ALLOW);
        assertThat(run(p, X86_64, 165)).isEqualTo(ALLOW);
        assertThat(run(p, X86_64, 0x40000000)).isEqualTo(ALLOW);
        assertThat(run(p, I386, 3)).isEqualTo(ALLOW);
        // another architecture is killed
        assertThat(run(p, AARCH64, 0)).isEqualTo(KILL);
    }

    @Test
    void rejectForceUmountRefusesOnlyMntForce() throws Exception {
        byte[] p = compile("2\ndenylist\nreject_force_umount  # comment\n");
        assertThat(run(p, X86_64, 166, 0, MNT_FORCE)).isEqualTo(ERRNO | 13);
        assertThat(run(p, X86_64, 166, 0, MNT_FORCE | MNT_DETACH)).isEqualTo(ERRNO | 13);
        assertThat(run(p, X86_64, 166, 0, MNT_DETACH)).isEqualTo(ALLOW);
        assertThat(run(p, X86_64, 166, 0, 0)).isEqualTo(ALLOW);
        assertThat(run(p, X86_64, 0x40000000 + 166, 0, MNT_FORCE)).isEqualTo(ERRNO | 13);
        assertThat(run(p, I386, 52, 0, MNT_FORCE)).isEqualTo(ERRNO | 13);
        assertThat(run(p, I386, 52, 0, 0)).isEqualTo(ALLOW);
        // a high bit set on a 64-bit argument does not hide the flag
        assertThat(run(p, X86_64, 166, 0, 0x1_0000_0001L)).isEqualTo(ERRNO | 13);
    }

    @Test
    void allowlistKillsWhatItDoesNotName() throws Exception {
        byte[] p = compile("2\nallowlist\nread\nwrite\nexit_group\nsocketcall\n");
        assertThat(run(p, X86_64, 0)).isEqualTo(ALLOW);
        assertThat(run(p, X86_64, 1)).isEqualTo(ALLOW);
        assertThat(run(p, X86_64, 2)).isEqualTo(KILL);
        assertThat(run(p, I386, 3)).isEqualTo(ALLOW);      // i386 read
        assertThat(run(p, I386, 102)).isEqualTo(ALLOW);    // socketcall exists on i386 only
        assertThat(run(p, X86_64, 102)).isEqualTo(KILL);   // 102 is getuid on x86_64
        assertThat(run(p, I386, 5)).isEqualTo(KILL);       // i386 open
        assertThat(run(p, X86_64, 0x40000001)).isEqualTo(ALLOW); // x32 write
        assertThat(run(p, X86_64, 0x40000002)).isEqualTo(KILL);  // x32 open
    }

    @Test
    void defaultAndRuleActions() throws Exception {
        byte[] p = compile("2\nallowlist errno 38\nread\ngetpid trap\nsethostname kill\nmkdir errno 13\n");
        assertThat(run(p, X86_64, 0)).isEqualTo(ALLOW);
        assertThat(run(p, X86_64, 39)).isEqualTo(TRAP);
        assertThat(run(p, X86_64, 170)).isEqualTo(KILL);
        assertThat(run(p, X86_64, 83)).isEqualTo(ERRNO | 13);
        assertThat(run(p, X86_64, 2)).isEqualTo(ERRNO | 38);
        assertThat(run(p, I386, 5)).isEqualTo(ERRNO | 38);
    }

    @Test
    void version1AllowsItsNumbersOnX86_64Only() throws Exception {
        byte[] p = compile("1\nallowlist\n0\n1\n60 exit\n");
        assertThat(run(p, X86_64, 0)).isEqualTo(ALLOW);
        assertThat(run(p, X86_64, 60)).isEqualTo(ALLOW);
        assertThat(run(p, X86_64, 2)).isEqualTo(KILL);
        assertThat(run(p, X86_64, 0x40000000)).isEqualTo(KILL); // no x32 in a version 1 filter
        assertThat(run(p, I386, 3)).isEqualTo(KILL);
    }

    @Test
    void everyComparisonOperator() throws Exception {
        long big = 0x1_0000_0005L;
        String[] ops = {"==", "!=", "<", "<=", ">", ">="};
        long[] probes = {0, 4, 5, 6, 0xffff_ffffL, 0x1_0000_0000L, 0x1_0000_0004L, big, 0x1_0000_0006L,
                0x2_0000_0000L, -1L};
        for (String op : ops) {
            byte[] p = compile("2\ndenylist\nmkdir errno 1 [1," + big + "," + op + "]\n");
            ArgCondition c = ProfileParser.parse(Path.of("/p"), "t", "2\ndenylist\nmkdir errno 1 [1," + big + "," + op + "]\n")
                    .rules().getFirst().args().getFirst();
            for (long v : probes) {
                int want = c.test(v) ? ERRNO | 1 : ALLOW;
                assertThat(run(p, X86_64, 83, 0, v)).as("%s %s", op, v).isEqualTo(want);
            }
        }
        // by hand, so the reference itself is checked
        byte[] lt = compile("2\ndenylist\nmkdir errno 1 [1,5,<]\n");
        assertThat(run(lt, X86_64, 83, 0, 4)).isEqualTo(ERRNO | 1);
        assertThat(run(lt, X86_64, 83, 0, 5)).isEqualTo(ALLOW);
        assertThat(run(lt, X86_64, 83, 0, 0x1_0000_0000L)).isEqualTo(ALLOW);
    }

    @Test
    void maskedEqualityAndSeveralConditions() throws Exception {
        byte[] p = compile("2\ndenylist\nmkdir errno 1 [1,0x100,SCMP_CMP_MASKED_EQ,0x1ff][0,7,SCMP_CMP_GT]\n");
        assertThat(run(p, X86_64, 83, 8, 0x100)).isEqualTo(ERRNO | 1);
        assertThat(run(p, X86_64, 83, 8, 0x7100)).isEqualTo(ERRNO | 1);
        assertThat(run(p, X86_64, 83, 7, 0x100)).isEqualTo(ALLOW);   // the second condition fails
        assertThat(run(p, X86_64, 83, 8, 0x101)).isEqualTo(ALLOW);   // the mask keeps bit 0
        assertThat(run(p, X86_64, 84, 8, 0x100)).isEqualTo(ALLOW);   // another call
    }

    /** What LXC 5.0.2 (libseccomp) was seen doing with these profiles. */
    @Test
    void severalRulesForOneCallAsLibseccompMergesThem() throws Exception {
        for (String text : new String[] {"2\ndenylist\nmkdir errno 5\nmkdir errno 1 [1,0755,==]\n",
                "2\ndenylist\nmkdir errno 1 [1,0755,==]\nmkdir errno 5\n"}) {
            byte[] p = compile(text);
            assertThat(run(p, X86_64, 83, 0, 0755)).as(text).isEqualTo(ERRNO | 5);
            assertThat(run(p, X86_64, 83, 0, 0700)).as(text).isEqualTo(ERRNO | 5);
        }
        byte[] first = compile("2\ndenylist\nmkdir errno 1\nmkdir errno 2\n");
        assertThat(run(first, X86_64, 83)).isEqualTo(ERRNO | 1);
        byte[] same = compile("2\ndenylist\nmkdir errno 1 [1,1,==]\nmkdir errno 1 [1,1,==]\nmkdir errno 2 [1,2,==]\n");
        assertThat(run(same, X86_64, 83, 0, 1)).isEqualTo(ERRNO | 1);
        assertThat(run(same, X86_64, 83, 0, 2)).isEqualTo(ERRNO | 2);
        assertThat(run(same, X86_64, 83, 0, 3)).isEqualTo(ALLOW);
    }

    @Test
    void i386ComparesTheLowHalf() throws Exception {
        byte[] p = compile("2\ndenylist\nmkdir errno 1 [1,5,==]\n");
        assertThat(run(p, I386, 39, 0, 5)).isEqualTo(ERRNO | 1);
        assertThat(run(p, I386, 39, 0, 6)).isEqualTo(ALLOW);
    }

    @Test
    void randomProfilesAgreeWithTheirConditions() throws Exception {
        Random rnd = new Random(42);
        String[] ops = {"==", "!=", "<", "<=", ">", ">=", "SCMP_CMP_EQ", "&="};
        long[] values = {0, 1, 2, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L, 0x1_8000_0001L, -1L};
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder("2\ndenylist\n");
            int rules = 1 + rnd.nextInt(4);
            for (int r = 0; r < rules; r++) {
                text.append("mkdir errno ").append(r + 1).append(' ');
                for (int c = 0, n = 1 + rnd.nextInt(3); c < n; c++) {
                    String op = ops[rnd.nextInt(ops.length)];
                    text.append('[').append(rnd.nextInt(6)).append(',').append(Long.toUnsignedString(values[rnd.nextInt(values.length)]))
                            .append(',').append(op);
                    if (op.equals("&=")) text.append(",0x").append(Long.toHexString(values[rnd.nextInt(values.length)]));
                    text.append(']');
                }
                text.append('\n');
            }
            Profile profile = ProfileParser.parse(Path.of("/p"), "t", text.toString());
            byte[] p;
            try {
                p = FilterCompiler.compile(profile);
            } catch (SeccompException e) {
                assertThat(e).hasMessageContaining("with another action"); // drawn twice: refused, as libseccomp
                continue;
            }
            for (int probe = 0; probe < 50; probe++) {
                long[] args = new long[6];
                for (int i = 0; i < 6; i++) args[i] = values[rnd.nextInt(values.length)];
                int want = ALLOW;
                for (Rule r : profile.rules()) {
                    if (r.args().stream().allMatch(c -> c.test(args[c.index()]))) {
                        want = r.action().ret();
                        break;
                    }
                }
                assertThat(run(p, X86_64, 83, args)).as("%s with %s", text, java.util.Arrays.toString(args)).isEqualTo(want);
                assertThat(run(p, X86_64, 84, args)).isEqualTo(ALLOW);
            }
        }
    }

    @Test
    void aLargeAllowlistFitsTheKernelLimit() throws Exception {
        StringBuilder text = new StringBuilder("2\nallowlist\n");
        List<String> names = new ArrayList<>();
        for (String l : new String(FilterCompilerTest.class.getResourceAsStream("/org/jlxc/seccomp/x86_64.syscalls").readAllBytes()).split("\n")) {
            if (!l.startsWith("#")) names.add(l.split(" ")[0]);
        }
        names.forEach(n -> text.append(n).append('\n'));
        byte[] p = compile(text.toString());
        assertThat(p.length / 8).isLessThanOrEqualTo(FilterCompiler.MAX_INSNS);
        assertThat(run(p, X86_64, 0)).isEqualTo(ALLOW);
        assertThat(run(p, X86_64, 1000)).isEqualTo(KILL);
    }

    @Test
    void theSameConditionsWithAnotherActionAreRefused() {
        assertThatThrownBy(() -> compile("2\ndenylist\nmkdir errno 2 [1,0777,==]\nmkdir errno 3 [1,0777,==]\n"))
                .hasMessageContaining("/p:4: mkdir errno 3 has the conditions of line 3 with another action");
    }
}
