package org.jlxc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jlxc.config.ContainerConfig;
import org.jlxc.config.MountEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config in, plan out: the mount and namespace decisions, checked without root. */
class PlanBuilderTest {
    @TempDir
    Path dir;

    private ContainerConfig config(String text) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, text);
        return ContainerConfig.load(file, w -> {});
    }

    private String plan(String configText, boolean underInit, boolean terminal) throws Exception {
        ContainerConfig c = config(configText);
        return PlanDump.dump(PlanBuilder.build(new PlanBuilder.Request("c1", c, List.of("/bin/sh"), underInit,
                terminal, List.of())));
    }

    @Test
    void withoutLxcRootfsMountTheRootfsIsMountedWhereLxcWouldMountIt() throws Exception {
        String p = plan("lxc.rootfs.path = /srv/c1\nlxc.autodev = 0\n"
                + "lxc.mount.entry = tmpfs " + org.jlxc.config.Rootfs.DEFAULT_MOUNT + "/tmp tmpfs create=dir 0 0\n"
                + "lxc.mount.entry = tmpfs /srv/c1/run tmpfs create=dir 0 0\n", false, false);
        String mount = org.jlxc.config.Rootfs.DEFAULT_MOUNT;
        assertThat(p).contains("MOUNT source=\"/srv/c1\" target=\"" + mount + "\"")
                .contains("ROOTFS path=\"" + mount + "\"")
                // Absolute entry targets under either path are inside the rootfs.
                .contains("target=\"tmp\"").contains("target=\"run\"");
        // A jlxc-only host gets a mount point made for it; LXC's own is never made (its package ships it).
        assertThat(p.contains("MKDIR path=\"" + mount + "\""))
                .isEqualTo(mount.equals(org.jlxc.config.Rootfs.JLXC_MOUNT));
        assertThat(plan("lxc.rootfs.path = /srv/c1\nlxc.rootfs.mount = /nowhere\n", false, false))
                .doesNotContain("MKDIR path=\"/nowhere\"");
    }

    @Test
    void aMinimalRootfsContainer() throws Exception {
        String p = plan("lxc.rootfs.path = dir:/srv/c1\nlxc.rootfs.mount = /mnt/r\nlxc.uts.name = c1\nlxc.autodev = 0\n",
                false, false);
        // As LXC: the rootfs is mounted at lxc.rootfs.mount and entered from there.
        assertThat(p).startsWith("""
                NAMESPACES clone_flags=0x000000006c020000 optional=0
                CONSOLE mode=2 optional=0
                UNSHARE flags=0x0000000002000000 optional=0
                KEEP_NS flags=0x000000006e020000 optional=0
                MOUNT source="" target="/" fstype="" flags=0x0000000000084000 data="" resolve=0 optional=0
                MOUNT source="/srv/c1" target="/mnt/r" fstype="" flags=0x0000000000005000 data="" resolve=0 optional=0
                ROOTFS path="/mnt/r" optional=0
                """);
        assertThat(p).contains("PIVOT_ROOT optional=0\nSETHOSTNAME name=\"c1\"")
                .contains("CONSOLE_MOUNT target=\"dev/console\" resolve=1")
                .endsWith("""
                        IDS uid=0 gid=0 groups=[] optional=0
                        CHDIR path="/" optional=0
                        ENV entries=["container=lxc"] optional=0
                        EXEC argv=["/bin/sh"] optional=0
                        """);
        assertThat(p).doesNotContain("tmpfs").doesNotContain("TTYS");
    }

    @Test
    void aTerminalGetsTheRelayedConsole() throws Exception {
        assertThat(plan("lxc.rootfs.path = /srv/c1\n", false, true)).contains("CONSOLE mode=1 optional=0");
    }

    @Test
    void noNetworkConfigMeansANewEmptyNetworkNamespaceAndNoneSharesTheHosts() throws Exception {
        assertThat(plan("lxc.rootfs.path = /srv/c1\n", false, false)).contains("clone_flags=0x000000006c020000");
        assertThat(plan("lxc.rootfs.path = /srv/c1\nlxc.net.0.type = none\n", false, false))
                .contains("clone_flags=0x000000002c020000");
    }

    @Test
    void autodevMountsATmpfsOnDevBeforeTheMountEntriesAndFillsItAfter() throws Exception {
        String p = plan("""
                lxc.rootfs.path = /srv/c1
                lxc.autodev = 1
                lxc.mount.entry = shm dev/shm tmpfs defaults,create=dir 0 0
                """, false, false);
        int tmpfs = p.indexOf("target=\"dev\" fstype=\"tmpfs\" flags=0x0000000000000000 data=\"size=500000,mode=755\"");
        int shm = p.indexOf("MKDIR path=\"dev/shm\"");
        int nul = p.indexOf("MKNOD path=\"dev/null\" mode=020666 dev=0x0000000000000103");
        assertThat(tmpfs).isPositive();
        assertThat(shm).isGreaterThan(tmpfs);
        assertThat(nul).isGreaterThan(shm);
        assertThat(p).contains("SYMLINK target=\"/proc/self/fd\" path=\"dev/fd\"");
    }

    @Test
    void procMixedKeepsProcSysNetWritableAndTheRestReadOnly() throws Exception {
        String p = plan("lxc.rootfs.path = /srv/c1\nlxc.mount.auto = proc:mixed sys:ro\n", false, false);
        assertThat(p).contains(
                "MOUNT source=\"proc\" target=\"proc\" fstype=\"proc\" flags=0x000000000000000e data=\"\" resolve=1",
                "MOUNT source=\"proc/sys/net\" target=\"proc/sys/net\" fstype=\"\" flags=0x0000000000001000",
                "MOUNT source=\"\" target=\"proc/sys\" fstype=\"\" flags=0x0000000000001021",
                "MOUNT source=\"sysfs\" target=\"sys\" fstype=\"sysfs\" flags=0x0000000000000001");
        assertThat(p.indexOf("target=\"proc/sys/net\"")).isGreaterThan(p.indexOf("flags=0x0000000000001021"));
    }

    @Test
    void aReadOnlyBindIsABindThenARemount() throws Exception {
        String p = plan("lxc.rootfs.path = /srv/c1\nlxc.mount.entry = /lib lib none ro,bind,optional 0 0\n",
                false, false);
        assertThat(p).contains(
                "MOUNT source=\"/lib\" target=\"lib\" fstype=\"none\" flags=0x0000000000001001 data=\"\" resolve=1 optional=1",
                "MOUNT source=\"\" target=\"lib\" fstype=\"\" flags=0x0000000000001021 data=\"\" resolve=1 optional=1");
    }

    @Test
    void absoluteTargetsUnderTheRootfsAreMadeRelativeAndCreateFileMakesItsParent() throws Exception {
        String p = plan("""
                lxc.rootfs.path = /srv/c1
                lxc.mount.entry = /etc/resolv.conf /srv/c1/etc/x/resolv.conf none bind,create=file 0 0
                """, false, false);
        assertThat(p).contains("MKDIR path=\"etc/x\" mode=0755 resolve=1",
                "CREATE_FILE path=\"etc/x/resolv.conf\" mode=0644 resolve=1",
                "MOUNT source=\"/etc/resolv.conf\" target=\"etc/x/resolv.conf\"");
    }

    @Test
    void ttysComeFromTheContainersDevptsAndExecuteGetsNoDevTty() throws Exception {
        String cfg = "lxc.rootfs.path = /srv/c1\nlxc.tty.max = 2\nlxc.pty.max = 1\n";
        String start = plan(cfg, false, false);
        assertThat(start).contains("data=\"newinstance,ptmxmode=0666,mode=0620,gid=5,max=3\"", "TTYS count=2",
                "TTY_MOUNT index=1 target=\"dev/tty1\"", "TTY_MOUNT index=2 target=\"dev/tty2\"");
        assertThat(start.indexOf("TTYS")).isGreaterThan(start.indexOf("fstype=\"devpts\""));
        String execute = plan(cfg, true, false);
        assertThat(execute).contains("TTYS count=2").doesNotContain("TTY_MOUNT")
                .contains("EXEC_INIT argv=[\"/bin/sh\"]");
    }

    @Test
    void ttyDirPutsTheDevicesInASubdirectoryWithLinksAndTheConsoleInBoth() throws Exception {
        String p = plan("lxc.rootfs.path = /srv/c1\nlxc.tty.max = 1\nlxc.tty.dir = lxc\n", false, false);
        assertThat(p).contains("CONSOLE_MOUNT target=\"dev/lxc/console\"",
                "CONSOLE_MOUNT target=\"dev/console\"",
                "TTY_MOUNT index=1 target=\"dev/lxc/tty1\"", "SYMLINK target=\"lxc/tty1\" path=\"dev/tty1\"");
    }

    @Test
    void capDropAndKeepBecomeABoundingSetMask() throws Exception {
        assertThat(plan("lxc.rootfs.path = /srv/c1\nlxc.cap.drop = sys_module sys_time\n", false, false))
                .contains("CAP_BOUND_DROP mask=0x0000000002010000");
        String keep = plan("lxc.rootfs.path = /srv/c1\nlxc.cap.keep = sys_admin\n", false, false);
        assertThat(keep).contains("CAP_BOUND_DROP mask=0xffffffffffdfffff");
    }

    @Test
    void initIdentityAndEnvironment() throws Exception {
        String p = plan("""
                lxc.rootfs.path = /srv/c1
                lxc.init.uid = 1000
                lxc.init.gid = 100
                lxc.init.groups = 4,27
                lxc.init.cwd = /home
                lxc.environment = FOO=bar
                lxc.environment = container=other
                """, false, false);
        assertThat(p).contains("IDS uid=1000 gid=100 groups=[4,27]", "CHDIR path=\"/home\"",
                "ENV entries=[\"FOO=bar\",\"container=other\"]");
    }

    @Test
    void eachStepNamesTheConfigLineBehindIt() throws Exception {
        ContainerConfig c = config("lxc.rootfs.path = /srv/c1\nlxc.mount.entry = /a b none bind 0 0\n");
        Plan plan = PlanBuilder.build(new PlanBuilder.Request("c1", c, List.of("/bin/sh"), false, false, List.of()));
        Step mount = plan.steps().stream().filter(s -> s.op() instanceof Op.Mount m && m.target().equals("b"))
                .findFirst().orElseThrow();
        assertThat(mount.cause()).isEqualTo("lxc.mount.entry " + dir.resolve("config") + ":2");
    }

    @Test
    void fstabEntriesComeBeforeMountEntries() throws Exception {
        ContainerConfig c = config("lxc.rootfs.path = /srv/c1\nlxc.mount.entry = /a b none bind 0 0\n");
        MountEntry fstab = MountEntry.parse("/x y none bind 0 0", null);
        String p = PlanDump.dump(PlanBuilder.build(new PlanBuilder.Request("c1", c, List.of("/bin/sh"), false,
                false, List.of(fstab))));
        assertThat(p.indexOf("target=\"y\"")).isLessThan(p.indexOf("target=\"b\""));
    }

    @Test
    void plainCgroupAutomountsAreLeftToTheContainerAndForceMountsEachHierarchy() throws Exception {
        assertThat(plan("lxc.rootfs.path = /srv/c1\nlxc.mount.auto = cgroup:mixed\n", false, false))
                .doesNotContain("cgroup\"");
        String force = plan("lxc.rootfs.path = /srv/c1\nlxc.mount.auto = cgroup:ro:force\n", false, false);
        assertThat(force).contains(
                "MOUNT source=\"none\" target=\"sys/fs/cgroup\" fstype=\"tmpfs\"",
                "MOUNT source=\"none\" target=\"sys/fs/cgroup/memory\" fstype=\"cgroup\" flags=0x000000000000000f"
                        + " data=\"memory\"",
                "MOUNT source=\"none\" target=\"sys/fs/cgroup/unified\" fstype=\"cgroup2\" flags=0x000000000000000f");
        assertThat(force.indexOf("sys/fs/cgroup")).isGreaterThan(force.indexOf("UNSHARE"));
    }

    @Test
    void withoutCapSysAdminTheCgroupsAreMountedForTheContainerAsByLxc() throws Exception {
        String p = plan("lxc.rootfs.path = /srv/c1\nlxc.mount.auto = cgroup:mixed\nlxc.cap.drop = sys_admin\n",
                false, false);
        assertThat(p).contains("MOUNT source=\"none\" target=\"sys/fs/cgroup\" fstype=\"tmpfs\"",
                "MOUNT source=\"none\" target=\"sys/fs/cgroup/memory\" fstype=\"cgroup\" flags=0x000000000000000e");
        String kept = plan("lxc.rootfs.path = /srv/c1\nlxc.mount.auto = cgroup:mixed\nlxc.cap.keep = sys_admin\n",
                false, false);
        assertThat(kept).doesNotContain("target=\"sys/fs/cgroup");
        String keepNone = plan("lxc.rootfs.path = /srv/c1\nlxc.mount.auto = cgroup\nlxc.cap.keep = none\n",
                false, false);
        assertThat(keepNone).contains("target=\"sys/fs/cgroup/memory\"");
    }

    @Test
    void cgroup2ForceMountsTheUnifiedHierarchyAlone() throws Exception {
        assertThat(plan("lxc.rootfs.path = /srv/c1\nlxc.mount.auto = cgroup2:force\n", false, false)).contains(
                "MOUNT source=\"cgroup2\" target=\"sys/fs/cgroup\" fstype=\"cgroup2\" flags=0x000000000000000e");
    }
}
