package org.jlxc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one check that the Java writer and the C reader agree on every op and every field. */
class PlanRoundTripTest {

    static Plan everyOp() {
        Plan p = new Plan();
        p.add(new Op.Namespaces(0x6c020000L), "ns");
        p.add(new Op.ShareNs(0x40000000, "/proc/1/ns/net"), "share");
        p.add(new Op.Console(2), "console");
        p.add(new Op.Mount("proc", "proc", "proc", 0xe, "", Op.TARGET_IN_ROOT), "mount");
        p.addOptional(new Op.Mount("/src dir", "/mnt/\"q\"\\", "", 0x5000, "mode=0755,\u0001\u007fé", 3), "mount");
        p.add(new Op.Mkdir("dev/pts", 0755, 1), "x");
        p.add(new Op.Mknod("dev/null", 020666, 0x103, 1), "x");
        p.add(new Op.Symlink("/proc/self/fd", "dev/fd", 1), "x");
        p.add(new Op.CreateFile("dev/console", 0600, 1), "x");
        p.add(new Op.Rootfs("/var/lib/lxc/c1/rootfs"), "x");
        p.add(new Op.PivotRoot(), "x");
        p.add(new Op.SetHostname("c1"), "x");
        p.add(new Op.CapBoundDrop(0x8000000000000001L), "x");
        p.add(new Op.SetRlimit(7, 1024, -1L), "x");
        p.add(new Op.Personality(0x0008L), "x");
        p.add(new Op.NoNewPrivs(), "x");
        p.add(new Op.Keyring(), "x");
        p.add(new Op.Pdeathsig(0), "x");
        p.add(new Op.Timens(-3600, 0, 12, 500000000), "x");
        p.add(new Op.UsernsRoot(), "x");
        p.add(new Op.ConsoleOwner(100000, -2), "x");
        p.add(new Op.Ids(1000, 100, List.of(4, 27, -1)), "x");
        p.add(new Op.Chdir("/"), "x");
        p.add(new Op.Env(List.of("PATH=/bin", "TERM=linux")), "x");
        p.add(new Op.Env(List.of()), "x");
        p.add(new Op.ConsoleMount("dev/console", 1), "x");
        p.add(new Op.WriteFile("proc/sys/kernel/shmmax", "1024\n", 1), "x");
        p.add(new Op.Umount("mnt", 2, 1), "x");
        p.add(new Op.Unshare(0x02000000L), "x");
        p.add(new Op.Ttys(4), "x");
        p.add(new Op.TtyMount(1, "dev/tty1", 1), "x");
        p.add(new Op.OnExit(List.of("/usr/bin/jlxc", "__post-stop")), "x");
        p.add(new Op.ConsoleLog("/var/log/c1.console"), "x");
        p.add(new Op.Hook(List.of("/bin/sh", "-c", "exec /h c1 lxc mount"), List.of("LXC_NAME=c1", "A=")), "x");
        p.add(new Op.StartHost(), "x");
        p.add(new Op.KeepNs(0x6e020000L), "x");
        p.add(new Op.ConsolePeer("/dev/pts/7"), "x");
        p.add(new Op.ConsoleLogSize(131072, true), "x");
        p.add(new Op.ConsoleBuffer(1L << 20), "x");
        p.add(new Op.Cleanup(1, List.of("/sys/fs/cgroup/pids/lxc.payload.c1", "/x y"), List.of(),
                List.of("/sys/fs/cgroup/unified/lxc.payload.c1/cgroup.kill"), "/sys/fs/cgroup/freezer/lxc.payload.c1/freezer.state"), "x");
        p.add(new Op.LeaveCgroup(List.of("/sys/fs/cgroup/unified/lxc.pivot/cgroup.procs"),
                List.of("/sys/fs/cgroup/unified/lxc.monitor.c1", "/x y")), "x");
        p.add(new Op.Seccomp(Op.SECCOMP_SKIP_IF_CONFINED, new byte[] {6, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f}), "x");
        p.add(new Op.Seccomp(0, new byte[0]), "x");
        p.add(new Op.ExecInit(List.of("/bin/true")), "x");
        p.addOptional(new Op.Exec(List.of("/bin/sh", "-c", "echo \"$$\"")), "x");
        return p;
    }

    @Test
    void theShimReadsWhatJavaWrites(@TempDir Path dir) throws Exception {
        Plan plan = everyOp();
        Path file = dir.resolve("plan");
        Files.write(file, PlanWriter.write(plan));
        Process p = new ProcessBuilder(System.getProperty("jlxc.shim"), "dump-plan", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).isEqualTo(PlanDump.dump(plan));
        assertThat(out).contains("MOUNT source=\"/src dir\" target=\"/mnt/\\\"q\\\"\\\\\"",
                "data=\"mode=0755,\\x01\\x7f\\xc3\\xa9\" resolve=3 optional=1");
    }

    @Test
    void everyOpKindIsCovered() {
        long kinds = everyOp().ops().stream().map(Object::getClass).distinct().count();
        assertThat(kinds).isEqualTo(Op.class.getPermittedSubclasses().length);
    }
}
