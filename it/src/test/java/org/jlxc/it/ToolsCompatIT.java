package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * lxc-ls, lxc-info, lxc-wait and lxc-monitor next to LXC 5's own on the same containers
 * (made by lxc-create, so both tools read the very same files).
 */
@Tag("privileged")
class ToolsCompatIT {

    private static void lxcCreate(Lxcpath lxc, String name) throws Exception {
        lxc.lxcCreateBusybox(name, "");
    }

    private static Cmd lxc(String tool, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("lxc-" + tool));
        argv.addAll(List.of(args));
        return Cmd.run(argv);
    }

    private static void assertSame(Cmd jlxc, Cmd lxc) {
        assertThat(jlxc.exit()).as("exit of " + jlxc + " vs " + lxc).isEqualTo(lxc.exit());
        assertThat(jlxc.out()).as("stdout").isEqualTo(lxc.out());
    }

    @Test
    void lsAndInfoPrintWhatLxcPrints() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxcCreate(lxc, "tl1");
            lxcCreate(lxc, "tlongername2");
            String p = lxc.path();
            for (List<String> args : List.<List<String>>of(List.of(), List.of("-1"), List.of("-f"), List.of("-F", "NAME,STATE"),
                    List.of("-f", "-F", "name,state,pid,ram,swap,autostart,groups,interface,ipv4,ipv6,unprivileged"),
                    List.of("--filter", "^tl1$"), List.of("tlo"), List.of("x("), List.of("--stopped"), List.of("--running"))) {
                String[] a = java.util.stream.Stream.concat(java.util.stream.Stream.of("-P", p), args.stream()).toArray(String[]::new);
                assertSame(Cmd.jlxc(java.util.stream.Stream.concat(java.util.stream.Stream.of("ls"), java.util.Arrays.stream(a))
                        .toArray(String[]::new)), lxc("ls", a));
            }
            Cmd bad = Cmd.jlxc("ls", "-P", p, "-f", "-F", "NAME,bogus");
            assertSame(bad, lxc("ls", "-P", p, "-f", "-F", "NAME,bogus"));
            assertThat(bad.err()).isEqualTo("Invalid key: bogus\n");
            for (List<String> args : List.of(List.of("-n", "tl1"), List.of("-n", "tl1", "-c", "lxc.uts.name", "-s"),
                    List.of("-n", "tl1", "-H", "-c", "lxc.uts.name"), List.of("-n", "tl1", "-c", "lxc.hook.pre-start"),
                    List.of("-n", "tl1", "-c", "bogus.key"), List.of("-n", "tl1", "-sH"), List.of("-n", "tl1", "-s", "-p", "-H"),
                    List.of("-n", "nothere"))) {
                String[] a = java.util.stream.Stream.concat(java.util.stream.Stream.of("-P", p), args.stream()).toArray(String[]::new);
                Cmd j = Cmd.jlxc(java.util.stream.Stream.concat(java.util.stream.Stream.of("info"), java.util.Arrays.stream(a))
                        .toArray(String[]::new));
                Cmd l = lxc("info", a);
                assertSame(j, l);
                assertThat(j.err()).isEqualTo(l.err());
            }
            // Running: the same columns for the same container run by LXC, then by jlxc (pid and memory aside).
            String[] fancy = {"-P", p, "-f", "-F", "name,state,autostart,groups,interface,ipv4,ipv6,unprivileged"};
            assertThat(lxc("start", "-P", p, "-n", "tl1").exit()).isZero();
            Cmd byLxc;
            try {
                assertThat(lxc("wait", "-P", p, "-n", "tl1", "-s", "RUNNING", "-t", "5").exit()).isZero();
                byLxc = lxc("ls", fancy);
            } finally {
                lxc("stop", "-P", p, "-n", "tl1", "-k");
            }
            assertThat(byLxc.out()).contains("tl1          RUNNING 0         -      lo ");
            // LXC's stop returns before its cgroup is gone
            for (int i = 0; i < 100 && FirstContainerIT.cgroupLeft("tl1"); i++) Thread.sleep(100);
            Cmd.jlxc("start", "-P", p, "-n", "tl1").assertOk();
            try {
                Cmd byJlxc = Cmd.jlxc(java.util.stream.Stream.concat(java.util.stream.Stream.of("ls"), java.util.Arrays.stream(fancy))
                        .toArray(String[]::new));
                assertThat(byJlxc.out()).isEqualTo(byLxc.out());
                String ram = Cmd.jlxc("ls", "-P", p, "-f", "-F", "name,ram,swap").out();
                assertThat(ram).containsPattern("tl1 +\\d+\\.\\d\\dMB +\\d+\\.00MB \n");
            } finally {
                Cmd.jlxc("stop", "-P", p, "-n", "tl1", "-k").assertOk();
            }
            assertThat(FirstContainerIT.cgroupLeft("tl1")).isFalse();
        }
    }

    @Test
    void waitTimeoutsMeanWhatTheyMeanInLxc() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxcCreate(lxc, "tl3");
            String p = lxc.path();
            for (List<String> args : List.of(List.of("-s", "RUNNING", "-t", "0"), List.of("-s", "RUNNING", "-t", "1"),
                    List.of("-s", "STOPPED", "-t", "0"), List.of("-s", "running", "-t", "0"), List.of("-s", "RUNNING", "-t", "abc"),
                    List.of("-s", "BOGUS"))) {
                String[] a = java.util.stream.Stream.concat(java.util.stream.Stream.of("-P", p, "-n", "tl3"), args.stream())
                        .toArray(String[]::new);
                long t0 = System.nanoTime();
                Cmd j = Cmd.jlxc(java.util.stream.Stream.concat(java.util.stream.Stream.of("wait"), java.util.Arrays.stream(a))
                        .toArray(String[]::new));
                assertThat((System.nanoTime() - t0) / 1_000_000).as("at once: " + args).isLessThan(900 + 1500);
                assertThat(j.exit()).as(args + ": " + j).isEqualTo(lxc("wait", a).exit());
            }
            long t0 = System.nanoTime();
            assertThat(Cmd.jlxc("wait", "-P", p, "-n", "tl3", "-s", "RUNNING", "-t", "3").exit()).isEqualTo(1);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("T-1 seconds").isBetween(2000L, 4500L);
            // Once it runs, -t 0 is no timeout: the wait lasts until the stop.
            Cmd.jlxc("start", "-P", p, "-n", "tl3", "--", "/bin/sleep", "1000").assertOk();
            try {
                Process wait = Cmd.spawnJlxc("wait", "-P", p, "-n", "tl3", "-s", "STOPPED", "-t", "0");
                assertThat(wait.waitFor(2500, TimeUnit.MILLISECONDS)).as("still waiting").isFalse();
                Cmd.jlxc("stop", "-P", p, "-n", "tl3", "-k").assertOk();
                assertThat(wait.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(wait.exitValue()).isZero();
            } finally {
                Cmd.jlxc("stop", "-P", p, "-n", "tl3", "-k");
            }
            assertThat(FirstContainerIT.cgroupLeft("tl3")).isFalse();
        }
    }

    @Test
    void anUnknownLogPriorityIsAcceptedAsByLxc() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxcCreate(lxc, "tl4");
            String p = lxc.path();
            for (List<String> args : List.of(List.of("info", "-n", "tl4"), List.of("ls"), List.of("wait", "-n", "tl4", "-s", "STOPPED"),
                    List.of("stop", "-n", "tl4"), List.of("autostart", "-L"), List.of("info", "-n", "nothere"))) {
                String[] a = java.util.stream.Stream.concat(args.stream(), java.util.stream.Stream.of("-P", p, "-l", "BOGUS"))
                        .toArray(String[]::new);
                Cmd j = Cmd.jlxc(a);
                List<String> argv = new java.util.ArrayList<>(List.of("lxc-" + a[0]));
                argv.addAll(List.of(a).subList(1, a.length));
                Cmd l = Cmd.run(argv);
                assertThat(j.exit()).as(args + ": " + j + " vs " + l).isEqualTo(l.exit());
                assertThat(j.err()).doesNotContain("priority");
            }
            assertThat(FirstContainerIT.cgroupLeft("tl4")).isFalse();
        }
    }

    @Test
    void monitorMissesNoStateOfAShortRun() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxcCreate(lxc, "tl5");
            String p = lxc.path();
            Cmd.Background monitor = Cmd.backgroundJlxc("monitor", "-P", p, "-n", "tl.");
            try {
                Thread.sleep(1500); // the monitor's JVM starts and takes its first look
                // A run that ends at once, and one whose init exits 3.
                Cmd.jlxc("start", "-P", p, "-n", "tl5", "--", "/bin/true").assertOk();
                assertThat(Cmd.jlxc("wait", "-P", p, "-n", "tl5", "-s", "STOPPED", "-t", "10").exit()).isZero();
                Cmd.jlxc("start", "-P", p, "-n", "tl5", "-F", "--", "/bin/sh", "-c", "exit 3");
                Thread.sleep(500);
            } finally {
                monitor.stop();
            }
            List<String> run = List.of("'tl5' changed state to [STARTING]", "'tl5' changed state to [RUNNING]",
                    "'tl5' exited with status [%d]", "'tl5' changed state to [STOPPING]", "'tl5' changed state to [STOPPED]");
            String expected = String.join("\n", run).formatted(0) + "\n" + String.join("\n", run).formatted(3) + "\n";
            assertThat(monitor.stop()).isEqualTo(expected);
            assertThat(FirstContainerIT.cgroupLeft("tl5")).isFalse();
        }
    }
}
