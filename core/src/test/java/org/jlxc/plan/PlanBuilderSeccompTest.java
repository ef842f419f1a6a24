package org.jlxc.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jlxc.config.ContainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where plan op SECCOMP stands (LXC's lxc_seccomp_load), and its flags. */
class PlanBuilderSeccompTest {
    @TempDir
    Path dir;

    private Plan plan(String text) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, text);
        ContainerConfig c = ContainerConfig.load(file, w -> {});
        // As the start does: the profile read and compiled first, the op handed to the plan.
        return PlanBuilder.build(new PlanBuilder.Request("c1", c, List.of("/sbin/init"), false,
                PlanBuilder.Console.MOUNTED, List.of(), PlanBuilder.Host.TYPICAL, null, null,
                java.util.Map.of(), file, null, org.jlxc.seccomp.SeccompSetup.op(c)));
    }

    private static int index(Plan p, Class<? extends Op> kind) {
        for (int i = 0; i < p.size(); i++) if (kind.isInstance(p.step(i).op())) return i;
        return -1;
    }

    @Test
    void afterTheCapabilityDropBeforeTheStartHooks() throws Exception {
        Path profile = Files.writeString(dir.resolve("profile"), "2\ndenylist\nmkdir errno 1\n");
        Plan p = plan("lxc.rootfs.path = dir:/srv/c1\nlxc.cap.drop = sys_module\nlxc.hook.start = /h/start\n"
                + "lxc.seccomp.profile = " + profile + "\n");
        int seccomp = index(p, Op.Seccomp.class);
        assertThat(seccomp).isGreaterThan(index(p, Op.CapBoundDrop.class));
        assertThat(seccomp).isGreaterThan(index(p, Op.PivotRoot.class));
        assertThat(index(p, Op.Hook.class)).isEqualTo(seccomp + 1);
        Op.Seccomp op = (Op.Seccomp) p.step(seccomp).op();
        assertThat(op.flags()).isEqualTo(Op.SECCOMP_SKIP_IF_CONFINED);
        assertThat(op.program().length % 8).isZero();
        assertThat(p.step(seccomp).cause()).isEqualTo("lxc.seccomp.profile (" + dir.resolve("config") + ":4)");
    }

    @Test
    void allowNestingLoadsItEvenUnderAFilter() throws Exception {
        Path profile = Files.writeString(dir.resolve("profile"), "2\ndenylist\nmkdir errno 1\n");
        Plan p = plan("lxc.seccomp.profile = " + profile + "\nlxc.seccomp.allow_nesting = 1\n");
        Op.Seccomp op = (Op.Seccomp) p.step(index(p, Op.Seccomp.class)).op();
        assertThat(op.flags()).isZero();
    }

    @Test
    void noProfileNoOp() throws Exception {
        assertThat(index(plan("lxc.rootfs.path = dir:/srv/c1\n"), Op.Seccomp.class)).isEqualTo(-1);
    }

    @Test
    void aBadProfileNamesItsLineAndTheConfigLine() {
        assertThatThrownBy(() -> {
            Files.writeString(dir.resolve("profile"), "2\ndenylist\nmkdir errno x\n");
            plan("lxc.seccomp.profile = " + dir.resolve("profile") + "\n");
        }).hasMessage(dir.resolve("profile") + ":3: errno without a number: \"errno x\" (lxc.seccomp.profile, "
                + dir.resolve("config") + ":1)");
    }
}
