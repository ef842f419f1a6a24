package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jlxc.runtime.RuntimeDir;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reboots (LXC's lxcapi_start loop): init killed by SIGHUP starts again with the same config in
 * the same monitor; SIGINT (halt, poweroff) stops it. Each test ends with a leftover check.
 */
@Tag("privileged")
class RebootIT {
    /** Reboots once (a marker in the rootfs says it did), then stays up. */
    private static final String REBOOT_ONCE =
            "if [ ! -e /rebooted ]; then touch /rebooted; sleep 0.3; reboot -f; fi; exec sleep 1000";

    private static Cmd jlxc(Lxcpath lxc, String tool, String... args) {
        List<String> argv = new ArrayList<>(List.of(tool, "-P", lxc.path(), "-n", "rb"));
        argv.addAll(List.of(args));
        return Cmd.jlxc(argv.toArray(String[]::new));
    }

    private static void create(Lxcpath lxc) throws Exception {
        Path net = lxc.dir.resolve("net.conf");
        Files.writeString(net, "lxc.net.0.type = empty\n");
        Cmd.jlxc("create", "-P", lxc.path(), "-n", "rb", "-t", "busybox", "-f", net.toString()).assertOk();
    }

    private static int initPid(Lxcpath lxc) {
        String out = jlxc(lxc, "info", "-p", "-H").out().replaceAll("\\D", "");
        return out.isEmpty() ? -1 : Integer.parseInt(out);
    }

    /** Waits up to 10 s for init's pid to be another one than `old` (and not none). */
    private static int awaitNewInit(Lxcpath lxc, int old) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            int pid = initPid(lxc);
            if (pid > 0 && pid != old && jlxc(lxc, "info", "-s").out().contains("RUNNING")) return pid;
            Thread.sleep(50);
        }
        throw new AssertionError("init was not restarted: still " + old);
    }

    /** Lxcpath's lxc-destroy cannot stop a jlxc container: a failed test must not leave one running. */
    private static AutoCloseable stopAtTheEnd(Lxcpath lxc) {
        return () -> jlxc(lxc, "stop", "-k");
    }

    private static RuntimeDir runtimeDir(Lxcpath lxc) {
        return RuntimeDir.of(Path.of("/run/jlxc"), lxc.dir, "rb");
    }

    @Test
    void stopMinusRRestartsInitInTheSameMonitor() throws Exception {
        try (Lxcpath lxc = new Lxcpath(); AutoCloseable cleanup = stopAtTheEnd(lxc)) {
            create(lxc);
            Path pidfile = lxc.dir.resolve("rb.pid");
            jlxc(lxc, "start", "-p", pidfile.toString()).assertOk(); // busybox init
            int first = initPid(lxc);
            String monitor = Files.readString(pidfile);
            // A state watcher from before the reboot sees it through (the monitor stays).
            var watcher = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> jlxc(lxc, "wait", "-s", "STOPPING", "-t", "30"));
            Thread.sleep(300);
            // lxc.signal.reboot = SIGTERM in the busybox config: busybox init reboots.
            Cmd stop = jlxc(lxc, "stop", "-r", "-t", "30");
            assertThat(stop.exit()).as(stop.toString()).isZero();
            assertThat(watcher.get().exit()).isZero();
            assertThat(jlxc(lxc, "info", "-s").out()).isEqualTo("State:          RUNNING\n");
            int second = initPid(lxc);
            assertThat(second).isPositive().isNotEqualTo(first);
            assertThat(Files.readString(Path.of("/proc/" + second + "/comm")).strip()).isEqualTo("init");
            assertThat(Files.readString(pidfile)).isEqualTo(monitor);
            assertThat(ProcessHandle.of(second).orElseThrow().parent().orElseThrow().pid())
                    .isEqualTo(Long.parseLong(monitor.strip()));
            assertThat(Files.readString(runtimeDir(lxc).shimLog()).split("container requested reboot", -1))
                    .hasSize(2);

            jlxc(lxc, "stop").assertOk();
            assertThat(pidfile).doesNotExist();
            assertNothingLeft(lxc);
        }
    }

    @Test
    void stopMinusRRefusesWhatItCannotDo() throws Exception {
        try (Lxcpath lxc = new Lxcpath(); AutoCloseable cleanup = stopAtTheEnd(lxc)) {
            create(lxc);
            assertThat(jlxc(lxc, "stop", "-r").exit()).isEqualTo(2);
            assertThat(jlxc(lxc, "stop", "-r", "-k").exit()).isEqualTo(1);
            // An init that ignores the reboot signal (as LXC, lxc-stop reads the container's config:
            // SIGTERM, which sleep as PID 1 has no handler for): no reboot within the timeout.
            jlxc(lxc, "start", "--", "/bin/sleep", "1000").assertOk();
            Cmd r = jlxc(lxc, "stop", "-r", "-t", "1");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("did not reboot within 1 s");
            jlxc(lxc, "stop", "-k").assertOk();
            assertNothingLeft(lxc);
        }
    }

    @Test
    void rebootFromInsideADaemonStartsItAgain() throws Exception {
        try (Lxcpath lxc = new Lxcpath(); AutoCloseable cleanup = stopAtTheEnd(lxc)) {
            create(lxc);
            Path pidfile = lxc.dir.resolve("rb.pid");
            jlxc(lxc, "start", "-p", pidfile.toString(), "-s", "lxc.environment=MARK=first-config", "--", "/bin/sh", "-c",
                    REBOOT_ONCE).assertOk();
            int first = initPid(lxc);
            String monitor = Files.readString(pidfile);
            int second = awaitNewInit(lxc, first);
            assertThat(lxc.dir.resolve("rb/rootfs/rebooted")).exists();
            assertThat(Files.readString(pidfile)).isEqualTo(monitor);
            // The same config as the first start, with its -s.
            assertThat(Files.readString(Path.of("/proc/" + second + "/environ")).split("\0"))
                    .contains("MARK=first-config");
            Thread.sleep(500);
            assertThat(initPid(lxc)).as("rebooted only once").isEqualTo(second);
            jlxc(lxc, "stop", "-k").assertOk();
            assertNothingLeft(lxc);
        }
    }

    @Test
    void aForegroundRebootReturnsTheSecondRunsStatus() throws Exception {
        try (Lxcpath lxc = new Lxcpath(); AutoCloseable cleanup = stopAtTheEnd(lxc)) {
            create(lxc);
            Cmd r = jlxc(lxc, "start", "-F", "--", "/bin/sh", "-c",
                    "echo run; if [ ! -e /rebooted ]; then touch /rebooted; reboot -f; fi; exit 7");
            assertThat(r.exit()).as(r.toString()).isEqualTo(7);
            assertThat(r.out()).isEqualTo("run\nrun\n");
            assertNothingLeft(lxc);
        }
    }

    @Test
    void haltOrPoweroffFromInsideStopsForGood() throws Exception {
        try (Lxcpath lxc = new Lxcpath(); AutoCloseable cleanup = stopAtTheEnd(lxc)) {
            create(lxc);
            jlxc(lxc, "start", "--", "/bin/sh", "-c", "sleep 0.3; halt -f").assertOk();
            assertThat(jlxc(lxc, "wait", "-s", "STOPPED", "-t", "10").exit()).isZero();
            Thread.sleep(300);
            assertThat(jlxc(lxc, "info", "-s").out()).isEqualTo("State:          STOPPED\n");
            assertNothingLeft(lxc);

            Cmd r = jlxc(lxc, "start", "-F", "--", "/bin/sh", "-c", "echo run; poweroff -f");
            assertThat(r.out()).isEqualTo("run\n");
            assertNothingLeft(lxc);
        }
    }

    /** No cgroup and no runtime files of rb (other containers may run meanwhile). */
    private static void assertNothingLeft(Lxcpath lxc) throws Exception {
        assertThat(FirstContainerIT.cgroupLeft("rb")).as("cgroup left").isFalse();
        RuntimeDir dir = runtimeDir(lxc);
        for (Path p : List.of(dir.command(), dir.container(), dir.config(), dir.start())) {
            assertThat(p).as("runtime file left").doesNotExist();
        }
    }
}
