package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * lxc-freeze / lxc-unfreeze on a busybox container with a counting workload, the states
 * lxc-info, lxc-wait and lxc-monitor see, and the stop killing everything in the cgroup.
 */
@Tag("privileged")
class FreezeIT {
    // Written to a temporary file and renamed: a freeze between `>` truncating /count and echo
    // writing it would otherwise leave it empty for as long as the container stays frozen.
    private static final String COUNTER =
            "i=0; while true; do i=$((i+1)); echo $i >/count.tmp; mv /count.tmp /count; usleep 50000; done";

    private static void create(Lxcpath lxc, String name, String extraConfig) throws Exception {
        lxc.lxcCreateBusybox(name, extraConfig);
    }

    private static long count(Lxcpath lxc, String name) throws Exception {
        Path f = lxc.dir.resolve(name).resolve("rootfs/count");
        for (int i = 0; i < 100; i++) {
            String s = Files.exists(f) ? Files.readString(f).strip() : "";
            if (!s.isEmpty()) return Long.parseLong(s);
            Thread.sleep(50);
        }
        throw new AssertionError("the counter never wrote " + f);
    }

    private static Process spawn(Path out, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(Cmd.jlxcHome().resolve("bin/jlxc").toString()));
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
    }

    @Test
    void frozenCounterStopsAndResumesAndEveryToolSeesTheStates() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            String n = "fzcount", p = lxc.path();
            create(lxc, n, "");
            assertThat(Cmd.jlxc("freeze", "-P", p, "-n", n).exit()).as("a stopped container fails, as LXC's").isEqualTo(1);
            assertThat(Cmd.jlxc("unfreeze", "-P", p, "-n", n).exit()).as("as LXC's: nothing to thaw").isZero();
            Cmd.jlxc("start", "-P", p, "-n", n, "--", "/bin/sh", "-c", COUNTER).assertOk();
            Process monitor = null, wait = null;
            try {
                Path monOut = lxc.dir.resolve("monitor.out");
                monitor = spawn(monOut, "monitor", "-P", p, "-n", n);
                wait = spawn(lxc.dir.resolve("wait.out"), "wait", "-P", p, "-n", n, "-s", "FROZEN", "-t", "30");
                Thread.sleep(1500); // both connected (a JVM start each)
                long before = count(lxc, n);
                Thread.sleep(300);
                assertThat(count(lxc, n)).as("counting").isGreaterThan(before);

                Cmd.jlxc("freeze", "-P", p, "-n", n).assertOk();
                assertThat(Cmd.jlxc("info", "-P", p, "-n", n, "-s").out()).isEqualTo("State:          FROZEN\n");
                assertThat(wait.waitFor(10, TimeUnit.SECONDS)).as("lxc-wait -s FROZEN returned").isTrue();
                assertThat(wait.exitValue()).isZero();
                assertThat(Cmd.jlxc("wait", "-P", p, "-n", n, "-s", "FROZEN", "-t", "2").exit()).isZero();
                long frozen = count(lxc, n);
                Thread.sleep(500);
                assertThat(count(lxc, n)).as("no counting while FROZEN").isEqualTo(frozen);
                assertThat(Cmd.jlxc("freeze", "-P", p, "-n", n).exit()).as("frozen again: fine").isZero();

                Cmd.jlxc("unfreeze", "-P", p, "-n", n).assertOk();
                assertThat(Cmd.jlxc("info", "-P", p, "-n", n, "-s").out()).isEqualTo("State:          RUNNING\n");
                Thread.sleep(500);
                assertThat(count(lxc, n)).as("counting again").isGreaterThan(frozen);

                // A frozen container stops, cleanly as well.
                Cmd.jlxc("freeze", "-P", p, "-n", n).assertOk();
                Cmd.jlxc("stop", "-P", p, "-n", n, "-k").assertOk();
                assertThat(Cmd.jlxc("info", "-P", p, "-n", n, "-s").out()).isEqualTo("State:          STOPPED\n");
                Thread.sleep(500);
                String seen = Files.readString(monOut);
                assertThat(seen).contains(String.join("\n",
                        "'" + n + "' changed state to [FREEZING]", "'" + n + "' changed state to [FROZEN]",
                        "'" + n + "' changed state to [FROZEN]", "'" + n + "' changed state to [THAWED]",
                        "'" + n + "' changed state to [THAWED]", "'" + n + "' changed state to [RUNNING]",
                        "'" + n + "' changed state to [FREEZING]", "'" + n + "' changed state to [FROZEN]",
                        "'" + n + "' changed state to [FROZEN]"));
                assertThat(seen).endsWith("'" + n + "' changed state to [STOPPING]\n'" + n + "' changed state to [STOPPED]\n");
            } finally {
                if (monitor != null) monitor.destroyForcibly().waitFor();
                if (wait != null) wait.destroyForcibly().waitFor();
                Cmd.jlxc("unfreeze", "-P", p, "-n", n);
                Cmd.jlxc("stop", "-P", p, "-n", n, "-k");
            }
            assertThat(FirstContainerIT.cgroupLeft(n)).isFalse();
        }
    }

    /** Moves a process of ours into the container's cgroup in every hierarchy. */
    private static void moveInto(String name, long pid) throws Exception {
        try (var s = Files.walk(Path.of("/sys/fs/cgroup"), 3)) {
            for (Path dir : s.filter(d -> d.getFileName().toString().equals("lxc.payload." + name)).toList()) {
                Files.writeString(dir.resolve("cgroup.procs"), Long.toString(pid));
            }
        }
    }

    @Test
    void aStopKillsWhatIsInTheCgroupOutsideInitsTreeByTheShimAndByJava() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            String p = lxc.path();
            // Without hooks the shim cleans up itself (plan op CLEANUP); a post-stop hook makes it Java's.
            create(lxc, "fzkill1", "");
            create(lxc, "fzkill2", "lxc.hook.post-stop = /bin/true\n");
            for (String n : List.of("fzkill1", "fzkill2")) {
                Cmd.jlxc("start", "-P", p, "-n", n, "--", "/bin/sleep", "1000").assertOk();
                Process stray = new ProcessBuilder("sleep", "1000").start();
                try {
                    moveInto(n, stray.pid());
                    Cmd.jlxc("stop", "-P", p, "-n", n, "-k").assertOk();
                    for (int i = 0; i < 100 && FirstContainerIT.cgroupLeft(n); i++) Thread.sleep(50);
                    assertThat(stray.waitFor(5, TimeUnit.SECONDS)).as(n + ": the stray process was killed").isTrue();
                } finally {
                    stray.destroyForcibly();
                    Cmd.jlxc("stop", "-P", p, "-n", n, "-k");
                }
                assertThat(FirstContainerIT.cgroupLeft(n)).as(n + ": cgroup left").isFalse();
            }
        }
    }
}
