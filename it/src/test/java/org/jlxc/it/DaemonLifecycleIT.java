package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** lxc-start -d and the tools that observe and end what it started; each test checks for leftovers. */
@Tag("privileged")
class DaemonLifecycleIT {

    private static Cmd jlxc(Lxcpath lxc, String tool, String... args) {
        List<String> argv = new ArrayList<>(List.of(tool, "-P", lxc.path(), "-n", "bb"));
        argv.addAll(List.of(args));
        return Cmd.jlxc(argv.toArray(String[]::new));
    }

    @Test
    void startInfoLsStop() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            Path pidfile = lxc.dir.resolve("bb.pid");
            jlxc(lxc, "start", "-p", pidfile.toString()).assertOk();
            Cmd info = jlxc(lxc, "info").assertOk();
            assertThat(info.out()).containsPattern("(?m)^Name: {11}bb$").containsPattern("(?m)^State: {10}RUNNING$")
                    .containsPattern("(?m)^PID: {12}\\d+$").contains("Memory use:");
            // -H with -p: the bare pid, as scripts use `lxc-info -pH`.
            String bare = jlxc(lxc, "info", "-p", "-H").out();
            assertThat(bare).matches("\\d+\n");
            int initPid = Integer.parseInt(bare.strip());
            assertThat(Files.readString(Path.of("/proc/" + initPid + "/comm")).strip()).isEqualTo("init");
            // The pidfile names the monitor (the shim), which is init's parent.
            long shim = Long.parseLong(Files.readString(pidfile).strip());
            assertThat(ProcessHandle.of(initPid).orElseThrow().parent().orElseThrow().pid()).isEqualTo(shim);

            assertThat(Cmd.jlxc("ls", "-P", lxc.path(), "-f").assertOk().out())
                    .startsWith("NAME STATE   AUTOSTART GROUPS IPV4 IPV6 UNPRIVILEGED \n")
                    .contains("bb   RUNNING 0         -      -    -    false        \n");
            assertThat(Cmd.jlxc("ls", "-P", lxc.path(), "--stopped").out()).isEmpty();
            assertThat(Cmd.jlxc("ls", "-P", lxc.path(), "-1", "--running").out()).isEqualTo("bb\n");

            Cmd again = jlxc(lxc, "start");
            assertThat(again.exit()).isZero();
            assertThat(again.err()).contains("already running");

            jlxc(lxc, "stop").assertOk(); // busybox init halts on lxc.signal.halt = SIGUSR1
            assertThat(jlxc(lxc, "info", "-s").out()).isEqualTo("State:          STOPPED\n");
            assertThat(jlxc(lxc, "stop").exit()).isEqualTo(2);
            assertThat(pidfile).doesNotExist();
            assertNothingLeft(lxc);
        }
    }

    @Test
    void stopKillsAnInitThatIgnoresTheHaltSignalAndSaysSo() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            // PID 1 without a handler ignores SIGPWR (the default halt signal).
            jlxc(lxc, "start", "-s", "lxc.signal.halt=SIGPWR", "--", "/bin/sleep", "1000").assertOk();
            Cmd stop = jlxc(lxc, "stop", "-t", "1");
            assertThat(stop.exit()).as(stop.toString()).isZero();
            assertThat(stop.err()).contains("killed");
            assertNothingLeft(lxc);
        }
    }

    @Test
    void waitSeesTheStatesAndTimesOut() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            assertThat(jlxc(lxc, "wait", "-s", "STOPPED", "-t", "1").exit()).isZero();
            CompletableFuture<Cmd> waiter = CompletableFuture.supplyAsync(() -> jlxc(lxc, "wait", "-s", "RUNNING", "-t", "30"), Cmd.READERS);
            Thread.sleep(300);
            jlxc(lxc, "start", "--", "/bin/sleep", "1000").assertOk();
            assertThat(waiter.get().exit()).isZero();
            assertThat(jlxc(lxc, "wait", "-s", "STOPPED|FROZEN", "-t", "1").exit()).isEqualTo(1);
            jlxc(lxc, "stop", "-k").assertOk();
            assertThat(jlxc(lxc, "wait", "-s", "STOPPED", "-t", "5").exit()).isZero();
            assertNothingLeft(lxc);
        }
    }

    @Test
    void aCrashingInitEndsTheContainerCleanly() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            jlxc(lxc, "start", "--", "/bin/sh", "-c", "sleep 0.5; exit 3").assertOk();
            assertThat(jlxc(lxc, "wait", "-s", "STOPPED", "-t", "10").exit()).isZero();
            assertNothingLeft(lxc);
        }
    }

    @Test
    void aKilledShimShowsAsStoppedAndTheNextLookCleansUp() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            Path pidfile = lxc.dir.resolve("bb.pid");
            jlxc(lxc, "start", "-p", pidfile.toString(), "--", "/bin/sleep", "1000").assertOk();
            long shim = Long.parseLong(Files.readString(pidfile).strip());
            ProcessHandle handle = ProcessHandle.of(shim).orElseThrow();
            Cmd.run("kill", "-KILL", Long.toString(shim)).assertOk();
            handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(200); // init dies with its shim (PDEATHSIG)
            // The shim could not remove its pidfile: the first look does (it holds the dead pid).
            assertThat(pidfile).exists();
            assertThat(jlxc(lxc, "info", "-s").out()).isEqualTo("State:          STOPPED\n");
            assertThat(pidfile).doesNotExist();
            assertStoppedCleanAndStartable(lxc);

            // A pidfile that another process has rewritten since is not the dead shim's to remove.
            jlxc(lxc, "start", "-p", pidfile.toString(), "--", "/bin/sleep", "1000").assertOk();
            shim = Long.parseLong(Files.readString(pidfile).strip());
            handle = ProcessHandle.of(shim).orElseThrow();
            Cmd.run("kill", "-KILL", Long.toString(shim)).assertOk();
            handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(200);
            Files.writeString(pidfile, ProcessHandle.current().pid() + "\n");
            assertStoppedCleanAndStartable(lxc);
            assertThat(Files.readString(pidfile)).isEqualTo(ProcessHandle.current().pid() + "\n");
        }
    }

    @Test
    void aSignalToTheMonitorGoesToInit() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            Path pidfile = lxc.dir.resolve("bb.pid");
            jlxc(lxc, "start", "-p", pidfile.toString(), "--", "/bin/sh", "-c",
                    "trap 'exit 0' TERM; while :; do sleep 0.1; done").assertOk();
            long shim = Long.parseLong(Files.readString(pidfile).strip());
            ProcessHandle handle = ProcessHandle.of(shim).orElseThrow();
            Cmd.run("kill", "-TERM", Long.toString(shim)).assertOk();
            handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(jlxc(lxc, "info", "-s").out()).isEqualTo("State:          STOPPED\n");
            assertThat(pidfile).doesNotExist();
            assertNothingLeft(lxc);
        }
    }

    @Test
    void killingTheCliMidStartLeavesNothingOnceSomeoneLooks() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            Path marker = lxc.dir.resolve("in-mount-hook");
            // A mount hook that takes its time: the cgroups exist and the child is half set up.
            // (A script: LXC runs a hook as `exec VALUE ...`, so shell syntax in VALUE is not run.)
            Path hook = lxc.dir.resolve("slow-hook");
            Files.writeString(hook, "#!/bin/sh\ntouch " + marker + "\nsleep 3\n");
            hook.toFile().setExecutable(true);
            Process start = Cmd.spawnJlxc("start", "-P", lxc.path(), "-n", "bb", "-s", "lxc.hook.mount=" + hook,
                    "--", "/bin/sleep", "1000");
            // Generous: on a loaded machine a start can take seconds to reach its mount hook.
            for (int i = 0; i < 400 && !Files.exists(marker) && start.isAlive(); i++) Thread.sleep(50);
            assertThat(marker).as("the mount hook never ran; the start %s",
                    start.isAlive() ? "still runs" : "exited " + start.exitValue()).exists();
            assertThat(FirstContainerIT.cgroupLeft("bb")).isTrue();
            start.destroyForcibly().waitFor(); // kill -9 of the CLI
            Thread.sleep(500); // the shim sees its sync socket close before RUNNING: it undoes the start
            assertStoppedCleanAndStartable(lxc);
        }
    }

    @Test
    void twoConcurrentStartsRunOneContainer() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            CompletableFuture<Cmd> a = CompletableFuture.supplyAsync(() -> jlxc(lxc, "start", "--", "/bin/sleep", "1000"), Cmd.READERS);
            CompletableFuture<Cmd> b = CompletableFuture.supplyAsync(() -> jlxc(lxc, "start", "--", "/bin/sleep", "1000"), Cmd.READERS);
            Cmd ra = a.get(), rb = b.get();
            assertThat(ra.exit()).as(ra.toString()).isZero();
            assertThat(rb.exit()).as(rb.toString()).isZero();
            assertThat(ra.err() + rb.err()).contains("already running");
            assertThat(jlxc(lxc, "info", "-s").out()).contains("RUNNING");
            jlxc(lxc, "stop", "-k").assertOk();
            assertNothingLeft(lxc);
        }
    }

    @Test
    void aContainerCanJoinTheNamespacesOfARunningOne() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            Cmd.jlxc("create", "-P", lxc.path(), "-n", "bb2", "-t", "busybox", "-f", lxc.dir.resolve("net.conf").toString())
                    .assertOk();
            jlxc(lxc, "start", "--", "/bin/sh", "-c", "hostname owner; sleep 1000").assertOk();
            int pid = Integer.parseInt(jlxc(lxc, "info", "-p").out().replaceAll("\\D", ""));
            String net = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString();
            Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", "bb2", "-F", "--share-net", "bb", "--share-uts",
                    Integer.toString(pid), "--", "/bin/sh", "-c", "hostname; readlink /proc/self/ns/net").assertOk();
            assertThat(r.out()).isEqualTo("owner\n" + net + "\n");
            Cmd none = Cmd.jlxc("start", "-P", lxc.path(), "-n", "bb2", "-F", "--share-net", "nosuch", "--", "/bin/true");
            assertThat(none.exit()).isEqualTo(1);
            assertThat(none.err()).contains("no such container is running");
            jlxc(lxc, "stop", "-k").assertOk();
            assertNothingLeft(lxc);
        }
    }

    @Test
    void theCallersInheritedFdsAreLoggedAsLxcLogsThem() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxc.createBusybox("hx");
            Path log = lxc.dir.resolve("start.log");
            String jlxc = Cmd.jlxcHome().resolve("bin/jlxc") + " start -P " + lxc.path() + " -n hx -o " + log
                    + " -l INFO";
            // ProcessBuilder passes only 0-2: the shell opens fds 7 and 9 for the CLI to inherit.
            // In the container they are not open (jlxc passes none to it).
            Cmd r = Cmd.run("/bin/sh", "-c", "exec 7</etc/hostname 9>/dev/null; exec " + jlxc
                    + " -F -- /bin/sh -c 'ls /proc/self/fd'");
            r.assertOk();
            assertThat(Files.readAllLines(log)).filteredOn(l -> l.contains("nherited fd"))
                    .satisfiesExactly(l -> assertThat(l).contains(" WARN ").endsWith(" - Inherited fd 7"),
                            l -> assertThat(l).contains(" WARN ").endsWith(" - Inherited fd 9"));
            assertThat(r.out().lines()).doesNotContain("7", "9");
            assertNothingLeft(lxc, "hx");
            // -C, and any daemon start: LXC closes them, and says so at INFO.
            Files.delete(log);
            Cmd.run("/bin/sh", "-c", "exec 7</etc/hostname; exec " + jlxc + " -- /bin/sleep 1000").assertOk();
            Cmd.jlxc("stop", "-P", lxc.path(), "-n", "hx", "-k").assertOk();
            assertThat(Files.readAllLines(log)).filteredOn(l -> l.contains("nherited fd"))
                    .singleElement().asString().contains(" INFO ").endsWith(" - Closed inherited fd 7");
            assertNothingLeft(lxc, "hx");
        }
    }

    /** After a death: the first look says STOPPED and cleans up, and the container starts again. */
    private static void assertStoppedCleanAndStartable(Lxcpath lxc) throws Exception {
        assertThat(jlxc(lxc, "info", "-s").out()).isEqualTo("State:          STOPPED\n");
        assertNothingLeft(lxc);
        jlxc(lxc, "start", "--", "/bin/sleep", "1000").assertOk();
        jlxc(lxc, "stop", "-k").assertOk();
        assertNothingLeft(lxc);
    }

    /** No cgroup and no runtime files of the container `bb` of this lxcpath. */
    static void assertNothingLeft(Lxcpath lxc) throws Exception {
        assertNothingLeft(lxc, "bb");
    }

    static void assertNothingLeft(Lxcpath lxc, String name) throws Exception {
        assertThat(FirstContainerIT.cgroupLeft(name)).as("cgroup left").isFalse();
        var dir = org.jlxc.runtime.RuntimeDir.of(Path.of("/run/jlxc"), lxc.dir, name);
        for (Path p : List.of(dir.command(), dir.container(), dir.config(), dir.pidfileRecord())) {
            assertThat(p).as("runtime file left").doesNotExist();
        }
    }
}
