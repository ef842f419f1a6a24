package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the config sets on the container's processes and kernel view: lxc.prlimit, lxc.arch,
 * lxc.sysctl, lxc.proc, lxc.no_new_privs, lxc.keyring.session, lxc.autodev.tmpfs.size; each
 * checked from inside, and the same config under LXC gives the same answers.
 */
@Tag("privileged")
class ProcessSettingsIT {
    private static final String SETTINGS = """
            lxc.prlimit.nofile = 100:200
            lxc.prlimit.core = 0
            lxc.arch = i686
            lxc.sysctl.net.ipv4.ip_forward = 1
            lxc.proc.oom_score_adj = 10
            lxc.no_new_privs = 1
            lxc.autodev.tmpfs.size = 1048576
            """;

    /** What the command inside sees, one value per line. */
    private static final String PROBE = "ulimit -n; ulimit -Hn; ulimit -c; uname -m; cat /proc/sys/net/ipv4/ip_forward; "
            + "cat /proc/self/oom_score_adj; grep NoNewPrivs /proc/self/status; df -k /dev | tail -1 | awk '{print $2}'";

    @Test
    void theSettingsReachTheContainerAsUnderLxc() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxc.lxcCreateBusybox("pst", SETTINGS);
            Cmd j = lxc.jlxc("pst", "start", "-F", "--", "/bin/sh", "-c", PROBE);
            assertThat(j.exit()).as(j.toString()).isZero();
            assertThat(j.out()).isEqualTo("100\n200\n0\ni686\n1\n10\nNoNewPrivs:\t1\n1024\n");
            Cmd l = Cmd.run("lxc-execute", "-P", lxc.path(), "-n", "pst", "--", "/bin/sh", "-c", PROBE);
            assertThat(l.exit()).as(l.toString()).isZero();
            // lxc-execute runs the command under its init: the same view.
            assertThat(j.out()).isEqualTo(l.out());
            assertThat(FirstContainerIT.cgroupLeft("pst")).isFalse();
        }
    }

    @Test
    void aSessionKeyringOfItsOwnUnlessTurnedOff() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            Path config = lxc.createBusybox("pky", "");
            // /proc/self/... has no keyring; the session keyring's serial is what `keyctl show @s` prints first,
            // and a new one is "_ses" with a serial the caller's is not.
            String hostSes = Cmd.run("sh", "-c", "grep ' _ses' /proc/keys | awk '{print $1}' | sort").out();
            Cmd in = lxc.jlxc("pky", "start", "-F", "--", "/bin/sh", "-c", "grep ' _ses' /proc/keys | awk '{print $1}'");
            assertThat(in.exit()).as(in.toString()).isZero();
            assertThat(in.out().lines().filter(s -> !hostSes.contains(s)).count()).as("a new session keyring")
                    .isPositive();
            java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config) + "lxc.keyring.session = 0\n");
            Cmd off = lxc.jlxc("pky", "start", "-F", "--", "/bin/sh", "-c", "grep ' _ses' /proc/keys | awk '{print $1}'");
            assertThat(off.exit()).as(off.toString()).isZero();
            assertThat(off.out().lines().filter(s -> !hostSes.contains(s)).count()).as("no new session keyring")
                    .isZero();
        }
    }

    @Test
    void aBadSettingFailsTheStartNamingItsLine() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            Path config = lxc.createBusybox("pbad", "lxc.sysctl.kernel.no_such_knob = 1\n");
            Cmd r = lxc.jlxc("pbad", "start", "-F", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("lxc.sysctl.kernel.no_such_knob (" + config + ":").contains("No such file");
            java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config)
                    .replace("lxc.sysctl.kernel.no_such_knob = 1", "lxc.prlimit.bogus = 1"));
            Cmd p = lxc.jlxc("pbad", "start", "-F", "--", "/bin/true");
            assertThat(p.exit()).isNotZero();
            assertThat(p.err()).contains("lxc.prlimit.bogus: unknown resource (" + config + ":");
            assertThat(FirstContainerIT.cgroupLeft("pbad")).isFalse();
        }
    }

    @Test
    void namespacesAreKeptOrClonedAsAskedAsUnderLxc() throws Exception {
        String probe = "for n in net ipc uts pid cgroup; do readlink /proc/self/ns/$n; done";
        String host = Cmd.run("sh", "-c", probe).assertOk().out();
        try (Lxcpath lxc = new Lxcpath()) {
            lxc.lxcCreateBusybox("pkeep", "lxc.namespace.keep = user time net ipc\n");
            Cmd j = lxc.jlxc("pkeep", "start", "-F", "--", "/bin/sh", "-c", probe);
            assertThat(j.exit()).as(j.toString()).isZero();
            List<String> in = j.out().lines().toList();
            List<String> out = host.lines().toList();
            assertThat(in.get(0)).as("net kept").isEqualTo(out.get(0));
            assertThat(in.get(1)).as("ipc kept").isEqualTo(out.get(1));
            assertThat(in.subList(2, 5)).as("uts, pid, cgroup cloned").doesNotContainAnyElementsOf(out.subList(2, 5));
            Cmd l = Cmd.run("lxc-execute", "-P", lxc.path(), "-n", "pkeep", "--", "/bin/sh", "-c", probe);
            assertThat(l.exit()).as(l.toString()).isZero();
            assertThat(l.out().lines().toList().subList(0, 2)).as("LXC keeps the same ones").isEqualTo(out.subList(0, 2));
        }
    }

    @Test
    void clockOffsetsGiveATimeNamespaceAsUnderLxc() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxc.lxcCreateBusybox("ptime", "lxc.time.offset.boot = 10h\n");
            String probe = "cut -d. -f1 /proc/uptime";
            long host = Long.parseLong(Cmd.run("sh", "-c", probe).assertOk().out().strip());
            Cmd j = lxc.jlxc("ptime", "start", "-F", "--", "/bin/sh", "-c", probe);
            assertThat(j.exit()).as(j.toString()).isZero();
            assertThat(Long.parseLong(j.out().strip()) - host).as("uptime 10 h ahead").isBetween(35_990L, 36_100L);
            Cmd l = Cmd.run("lxc-execute", "-P", lxc.path(), "-n", "ptime", "--", "/bin/sh", "-c", probe);
            assertThat(l.exit()).as(l.toString()).isZero();
            assertThat(Long.parseLong(l.out().strip()) - host).as("LXC too").isBetween(35_990L, 36_100L);
        }
    }

    @Test
    void withNoPdeathSignalInitOutlivesAKilledMonitorUntilTheNextLookCleansUp() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxc.createBusybox("ppd", "lxc.monitor.signal.pdeath = 0\n");
            Path pidfile = lxc.dir.resolve("ppd.pid");
            lxc.jlxc("ppd", "start", "-d", "-p", pidfile.toString(), "--", "/bin/sleep", "100").assertOk();
            long init = Long.parseLong(lxc.jlxc("ppd", "info", "-pH").assertOk().out().strip());
            long shim = Long.parseLong(java.nio.file.Files.readString(pidfile).strip());
            Cmd.run("kill", "-9", Long.toString(shim)).assertOk();
            for (int i = 0; i < 100 && ProcessHandle.of(shim).isPresent(); i++) Thread.sleep(20);
            Thread.sleep(200);
            assertThat(ProcessHandle.of(init).map(ProcessHandle::isAlive)).as("init outlives its monitor").contains(true);
            // The next look finds the dead monitor and ends what it left.
            assertThat(lxc.jlxc("ppd", "info", "-s").out()).contains("STOPPED");
            for (int i = 0; i < 100 && ProcessHandle.of(init).isPresent(); i++) Thread.sleep(20);
            assertThat(ProcessHandle.of(init)).as("init killed by the cleanup").isEmpty();
            assertThat(FirstContainerIT.cgroupLeft("ppd")).isFalse();
        }
    }

    @Test
    void schedCoreMakesADomainWhereTheKernelCanAndSaysWhyNotElsewhere() throws Exception {
        boolean kernelHasIt = java.nio.file.Files.readString(Path.of("/proc/self/sched")).contains("core_cookie");
        Path smt = Path.of("/sys/devices/system/cpu/smt/active");
        boolean smtActive = java.nio.file.Files.exists(smt) && java.nio.file.Files.readString(smt).strip().equals("1");
        try (Lxcpath lxc = new Lxcpath()) {
            Path config = lxc.createBusybox("psc", "lxc.sched.core = 1\n");
            Cmd r = lxc.jlxc("psc", "start", "-F", "--", "/bin/sh", "-c", "grep core_cookie /proc/1/sched || echo none");
            if (!kernelHasIt) {
                assertThat(r.exit()).isNotZero();
                assertThat(r.err()).contains("lxc.sched.core (" + config + ":")
                        .contains("this kernel has no core scheduling (CONFIG_SCHED_CORE)");
            } else {
                assertThat(r.exit()).as(r.toString()).isZero();
                if (smtActive) assertThat(r.out()).containsPattern("core_cookie\\s+:\\s+[1-9]");
            }
            assertThat(FirstContainerIT.cgroupLeft("psc")).isFalse();
        }
    }
}
