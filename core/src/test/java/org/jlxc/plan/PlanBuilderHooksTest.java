package org.jlxc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jlxc.config.ContainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the container-side hooks stand in the plan, and what each is told. */
class PlanBuilderHooksTest {
    @TempDir
    Path dir;

    private Plan plan(String text) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, text);
        ContainerConfig c = ContainerConfig.load(file, w -> {});
        return PlanBuilder.build(new PlanBuilder.Request("c1", c, List.of("/sbin/init"), false,
                PlanBuilder.Console.MOUNTED, List.of(), PlanBuilder.Host.TYPICAL, "/var/log/c1.log", null,
                java.util.Map.of(), Path.of("/var/lib/lxc/c1/config")));
    }

    /** The dump's lines, with each HOOK line shortened to "HOOK <its script>". */
    private static List<String> lines(Plan p) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            Op op = p.step(i).op();
            out.add(op instanceof Op.Hook h ? "HOOK " + h.argv().get(2) : PlanDump.dump(onlyOp(op)).strip());
        }
        return out;
    }

    private static Plan onlyOp(Op op) {
        Plan p = new Plan();
        p.add(op, "x");
        return p;
    }

    private static int index(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith(prefix)) return i;
        throw new AssertionError("no line starting with " + prefix + " in\n" + String.join("\n", lines));
    }

    @Test
    void eachContainerHookStandsWhereLxcRunsIt() throws Exception {
        Plan p = plan("""
                lxc.rootfs.path = dir:/srv/c1
                lxc.rootfs.mount = /mnt/r
                lxc.autodev = 1
                lxc.mount.auto = proc:rw
                lxc.mount.entry = tmpfs tmp tmpfs defaults,create=dir 0 0
                lxc.hook.pre-mount = /h/pre-mount
                lxc.hook.mount = /h/mount1
                lxc.hook.mount = /h/mount2 --flag
                lxc.hook.autodev = /h/autodev
                lxc.hook.start = /h/start
                lxc.cap.drop = sys_module
                lxc.hook.start-host = /h/start-host
                """);
        List<String> l = lines(p);
        int rslave = index(l, "MOUNT source=\"\" target=\"/\"");
        int preMount = index(l, "HOOK exec /h/pre-mount c1 lxc pre-mount");
        int rootfsBind = index(l, "MOUNT source=\"/srv/c1\" target=\"/mnt/r\"");
        int entry = index(l, "MOUNT source=\"tmpfs\" target=\"tmp\"");
        int mount1 = index(l, "HOOK exec /h/mount1 c1 lxc mount");
        int mount2 = index(l, "HOOK exec /h/mount2 --flag c1 lxc mount");
        int autodev = index(l, "HOOK exec /h/autodev c1 lxc autodev");
        int mknod = index(l, "MKNOD path=\"dev/full\"");
        int pivot = index(l, "PIVOT_ROOT");
        int capDrop = index(l, "CAP_BOUND_DROP");
        int start = index(l, "HOOK exec /h/start c1 lxc start");
        int ids = index(l, "IDS");
        int env = index(l, "ENV");
        int startHost = index(l, "START_HOST");
        int exec = index(l, "EXEC");
        assertThat(List.of(rslave, preMount, rootfsBind, entry, mount1, mount2, autodev, mknod, pivot, capDrop,
                start, ids, env, startHost, exec)).isSorted();
        assertThat(preMount).isEqualTo(rslave + 1);
        assertThat(mount2).isEqualTo(mount1 + 1);
        assertThat(autodev).isEqualTo(mount2 + 1);
        assertThat(startHost).isEqualTo(exec - 1);
        // Each names its config line, so that a failure does.
        assertThat(p.step(mount2).cause()).isEqualTo("lxc.hook.mount (" + dir.resolve("config") + ":8)");
        assertThat(p.step(startHost).cause()).isEqualTo("lxc.hook.start-host (" + dir.resolve("config") + ":12)");
    }

    @Test
    void theEnvironmentOfAnOldStyleHook() throws Exception {
        Plan p = plan("lxc.rootfs.path = /srv/c1\nlxc.rootfs.mount = /mnt/r\nlxc.console.path = none\nlxc.hook.mount = /h/m\n");
        Op.Hook h = (Op.Hook) p.step(index(lines(p), "HOOK")).op();
        assertThat(h.argv()).containsExactly("/bin/sh", "-c", "exec /h/m c1 lxc mount");
        assertThat(h.env()).containsExactly("LXC_NAME=c1", "LXC_CONFIG_FILE=/var/lib/lxc/c1/config",
                "LXC_ROOTFS_MOUNT=/mnt/r", "LXC_ROOTFS_PATH=/srv/c1", "LXC_CONSOLE=none",
                "LXC_CONSOLE_LOGPATH=/var/log/c1.log", "LXC_CGNS_AWARE=1", "LXC_LOG_LEVEL=ERROR",
                "LXC_HOOK_VERSION=0");
    }

    @Test
    void aNewStyleHookGetsNameSectionAndTypeOnlyInItsEnvironment() throws Exception {
        Plan p = plan("lxc.rootfs.path = /srv/c1\nlxc.hook.version = 1\nlxc.log.level = 1\nlxc.hook.start = /h/s\n");
        Op.Hook h = (Op.Hook) p.step(index(lines(p), "HOOK")).op();
        assertThat(h.argv()).containsExactly("/bin/sh", "-c", "exec /h/s");
        assertThat(h.env()).contains("LXC_HOOK_VERSION=1", "LXC_HOOK_TYPE=start", "LXC_HOOK_SECTION=lxc",
                "LXC_LOG_LEVEL=DEBUG", "LXC_NAME=c1");
    }

    @Test
    void anEmptyValueClearsTheHooksOfItsTypeAndLxcHookClearsAll() throws Exception {
        List<String> l = lines(plan("""
                lxc.rootfs.path = /srv/c1
                lxc.hook.mount = /h/gone
                lxc.hook.start = /h/gone-too
                lxc.hook.mount =
                lxc.hook.mount = /h/kept
                lxc.hook =
                lxc.hook.start = /h/start
                """));
        assertThat(l).filteredOn(s -> s.startsWith("HOOK")).containsExactly("HOOK exec /h/start c1 lxc start");
    }

    @Test
    void withoutAutodevNoAutodevHookAndWithoutStartHostNoWait() throws Exception {
        List<String> l = lines(plan("lxc.rootfs.path = /srv/c1\nlxc.autodev = 0\nlxc.hook.autodev = /h/a\n"));
        assertThat(l).noneMatch(s -> s.startsWith("HOOK") || s.startsWith("START_HOST"));
    }

    @Test
    void withoutRootfsTheMountHookRunsAfterTheMountsOnTheHostsTree() throws Exception {
        List<String> l = lines(plan("lxc.mount.auto = proc\nlxc.hook.mount = /h/m\nlxc.hook.pre-mount = /h/p\n"));
        assertThat(index(l, "HOOK exec /h/p")).isLessThan(index(l, "MOUNT source=\"proc\""));
        assertThat(index(l, "HOOK exec /h/m")).isGreaterThan(index(l, "MOUNT source=\"proc\""));
        Op.Hook h = (Op.Hook) plan("lxc.hook.mount = /h/m\n").steps().stream().map(Step::op)
                .filter(o -> o instanceof Op.Hook).findFirst().orElseThrow();
        // LXC gives the mount point without a rootfs too.
        assertThat(h.env()).contains("LXC_ROOTFS_MOUNT=" + org.jlxc.config.Rootfs.DEFAULT_MOUNT).noneMatch(e -> e.startsWith("LXC_ROOTFS_PATH="));
    }
}
