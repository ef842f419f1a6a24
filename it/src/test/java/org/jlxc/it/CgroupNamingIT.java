package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jlxc.runtime.RuntimeDir;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * LXC 5's cgroup naming on real busybox containers: the monitor (the shim) in
 * `lxc.monitor.NAME`, init in `lxc.payload.NAME`, both gone after the stop in every mode
 * (daemon without hooks: the shim's CLEANUP; with a stop hook: the post-stop command; the
 * foreground; a killed monitor, by the next tool that looks); lxc.cgroup.dir / dir.container /
 * dir.monitor placement; 50 start/stop cycles.
 * Each test ends with no `lxc.monitor.mc*` / `lxc.payload.mc*` cgroup left.
 */
@Tag("privileged")
class CgroupNamingIT {
    private static final Path CG = Path.of("/sys/fs/cgroup");
    private static final Path RUN = Path.of("/run/jlxc");

    private static Cmd jlxc(Lxcpath lxc, String name, String tool, String... args) {
        return lxc.jlxc(name, tool, args);
    }

    /** A busybox container without network, `extra` appended to its config; returns the config file. */
    private static Path create(Lxcpath lxc, String name, String extra) throws Exception {
        return lxc.createBusybox(name, extra);
    }

    private static List<Path> leftovers() throws Exception {
        try (Stream<Path> s = Files.walk(CG, 4)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("lxc.monitor.mc") || n.startsWith("lxc.payload.mc");
            }).toList();
        }
    }

    @AfterEach
    void nothingLeft() throws Exception {
        assertThat(leftovers()).as("lxc.monitor.mc* / lxc.payload.mc* cgroups left").isEmpty();
    }

    /** The run's files that must be gone once the container is STOPPED. */
    private static void assertNoRuntimeFiles(Lxcpath lxc, String name) {
        RuntimeDir dir = RuntimeDir.of(RUN, lxc.dir, name);
        for (Path p : List.of(dir.command(), dir.container(), dir.config(), dir.cgroup(), dir.monitorCgroup())) {
            assertThat(p).as("runtime file left").doesNotExist();
        }
    }

    /** /proc/PID/cgroup's paths, one per hierarchy ("4:memory:/lxc.monitor.c1" gives "/lxc.monitor.c1"). */
    private static List<String> cgroupsOf(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                .map(l -> l.substring(l.indexOf(':', l.indexOf(':') + 1) + 1)).toList();
    }

    private static long initPid(Lxcpath lxc, String name) {
        return Long.parseLong(jlxc(lxc, name, "info", "-p", "-H").assertOk().out().strip());
    }

    /** The directories at `relative` below each hierarchy's root. */
    private static List<Path> cgroupDirs(String relative) throws Exception {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> mounts = Files.list(CG)) {
            for (Path m : mounts.toList()) {
                if (Files.isDirectory(m.resolve(relative))) found.add(m.resolve(relative));
            }
        }
        return found;
    }

    /** Checks the shim and init are each in their own cgroup in every hierarchy; returns the shim's pid. */
    private static long assertNamedAsLxc(Lxcpath lxc, String name, Path pidfile, String monitor, String payload)
            throws Exception {
        long shim = Long.parseLong(Files.readString(pidfile).strip());
        long init = initPid(lxc, name);
        List<String> shimCgroups = cgroupsOf(shim);
        List<String> initCgroups = cgroupsOf(init);
        assertThat(shimCgroups).isNotEmpty().allSatisfy(c -> assertThat(c).endsWith("/" + monitor));
        assertThat(initCgroups).isNotEmpty().allSatisfy(c -> assertThat(c).endsWith("/" + payload));
        return shim;
    }

    @Test
    void daemonWithoutHooksTheShimRemovesBoth() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "mcd", "lxc.cgroup.memory.limit_in_bytes = 67108864\n");
            Path pidfile = lxc.dir.resolve("mcd.pid");
            jlxc(lxc, "mcd", "start", "-p", pidfile.toString(), "--", "/bin/sleep", "1000").assertOk();
            try {
                assertNamedAsLxc(lxc, "mcd", pidfile, "lxc.monitor.mcd", "lxc.payload.mcd");
                // the tools read the payload's cgroup: its limit, not the monitor's (none)
                assertThat(jlxc(lxc, "mcd", "cgroup", "memory.limit_in_bytes").assertOk().out().strip())
                        .isEqualTo("67108864");
                assertThat(jlxc(lxc, "mcd", "info", "-s", "-H").assertOk().out()).contains("RUNNING");
            } finally {
                jlxc(lxc, "mcd", "stop", "-k").assertOk();
            }
            assertThat(cgroupDirs("lxc.monitor.mcd")).isEmpty();
            assertThat(cgroupDirs("lxc.payload.mcd")).isEmpty();
            assertNoRuntimeFiles(lxc, "mcd");
        }
    }

    @Test
    void daemonWithAStopHookTheHookRunsInTheMonitorCgroupWhichGoesAfter() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            Path seen = lxc.dir.resolve("hook-cgroup");
            Path hook = lxc.dir.resolve("hook.sh");
            Files.writeString(hook, "#!/bin/sh\ncat /proc/self/cgroup > " + seen + "\n");
            hook.toFile().setExecutable(true);
            create(lxc, "mch", "lxc.hook.stop = " + hook + "\n");
            Path pidfile = lxc.dir.resolve("mch.pid");
            jlxc(lxc, "mch", "start", "-p", pidfile.toString(), "--", "/bin/sleep", "1000").assertOk();
            try {
                assertNamedAsLxc(lxc, "mch", pidfile, "lxc.monitor.mch", "lxc.payload.mch");
            } finally {
                jlxc(lxc, "mch", "stop", "-k").assertOk();
            }
            // the post-stop command is the shim's child: in the monitor's cgroup, as LXC's hooks
            assertThat(Files.readString(seen)).contains("/lxc.monitor.mch");
            assertThat(cgroupDirs("lxc.monitor.mch")).isEmpty();
            assertThat(cgroupDirs("lxc.payload.mch")).isEmpty();
            assertNoRuntimeFiles(lxc, "mch");
        }
    }

    @Test
    void foregroundTheShimIsTheMonitorNotTheCommand() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "mcf", "");
            Path pidfile = lxc.dir.resolve("mcf.pid");
            Process start = Cmd.spawnJlxc("start", "-P", lxc.path(), "-n", "mcf", "-F", "-p", pidfile.toString(),
                    "--", "/bin/sleep", "1000");
            try {
                for (int i = 0; i < 200 && !jlxc(lxc, "mcf", "info", "-s", "-H").out().contains("RUNNING"); i++) {
                    Thread.sleep(50);
                }
                long shim = assertNamedAsLxc(lxc, "mcf", pidfile, "lxc.monitor.mcf", "lxc.payload.mcf");
                assertThat(shim).isNotEqualTo(start.pid());
                assertThat(cgroupsOf(start.pid())).noneMatch(c -> c.contains("lxc.monitor.mcf"));
            } finally {
                jlxc(lxc, "mcf", "stop", "-k").assertOk();
                assertThat(start.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(cgroupDirs("lxc.monitor.mcf")).isEmpty();
            assertThat(cgroupDirs("lxc.payload.mcf")).isEmpty();
            assertNoRuntimeFiles(lxc, "mcf");
        }
    }

    @Test
    void aKilledMonitorsEmptyCgroupGoesWithTheNextLook() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "mck", "");
            Path pidfile = lxc.dir.resolve("mck.pid");
            jlxc(lxc, "mck", "start", "-p", pidfile.toString(), "--", "/bin/sleep", "1000").assertOk();
            long shim = assertNamedAsLxc(lxc, "mck", pidfile, "lxc.monitor.mck", "lxc.payload.mck");
            ProcessHandle handle = ProcessHandle.of(shim).orElseThrow();
            // SIGKILL: no LEAVE_CGROUP; init dies with it (pdeath signal)
            Cmd.run("kill", "-9", Long.toString(shim));
            handle.onExit().get(10, TimeUnit.SECONDS);
            assertThat(cgroupDirs("lxc.monitor.mck")).isNotEmpty();
            assertThat(jlxc(lxc, "mck", "info", "-s", "-H").assertOk().out()).contains("STOPPED");
            assertThat(cgroupDirs("lxc.monitor.mck")).isEmpty();
            assertThat(cgroupDirs("lxc.payload.mck")).isEmpty();
            assertNoRuntimeFiles(lxc, "mck");
        }
    }

    @Test
    void dirContainerAndDirMonitorPlaceEachExactly() throws Exception {
        String top = "mcplace" + ProcessHandle.current().pid();
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "mcp", "lxc.cgroup.dir.container = " + top + "/ct\nlxc.cgroup.dir.monitor = " + top + "/mon\n");
            Path pidfile = lxc.dir.resolve("mcp.pid");
            jlxc(lxc, "mcp", "start", "-p", pidfile.toString(), "--", "/bin/sleep", "1000").assertOk();
            try {
                assertNamedAsLxc(lxc, "mcp", pidfile, top + "/mon", top + "/ct");
            } finally {
                jlxc(lxc, "mcp", "stop", "-k").assertOk();
            }
            assertThat(cgroupDirs(top + "/ct")).isEmpty();
            assertThat(cgroupDirs(top + "/mon")).isEmpty();
            assertNoRuntimeFiles(lxc, "mcp");
        } finally {
            removeEmpty(top + "/lxc.pivot", top);
        }
    }

    @Test
    void cgroupDirHoldsBothAndThePivot() throws Exception {
        String top = "mcdir" + ProcessHandle.current().pid();
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "mcg", "lxc.cgroup.dir = " + top + "\n");
            Path pidfile = lxc.dir.resolve("mcg.pid");
            jlxc(lxc, "mcg", "start", "-p", pidfile.toString(), "--", "/bin/sleep", "1000").assertOk();
            try {
                assertNamedAsLxc(lxc, "mcg", pidfile, top + "/lxc.monitor.mcg", top + "/lxc.payload.mcg");
            } finally {
                jlxc(lxc, "mcg", "stop", "-k").assertOk();
            }
            // LXC's monitor leaves for DIR/lxc.pivot, which stays (shared by the monitors)
            assertThat(cgroupDirs(top + "/lxc.pivot")).isNotEmpty();
            assertThat(cgroupDirs(top + "/lxc.monitor.mcg")).isEmpty();
            assertThat(cgroupDirs(top + "/lxc.payload.mcg")).isEmpty();
            assertNoRuntimeFiles(lxc, "mcg");
        } finally {
            removeEmpty(top + "/lxc.pivot", top);
        }
    }

    @Test
    void dirMonitorPivotIsWhereTheMonitorLeavesForAsUnderLxc() throws Exception {
        String top = "mcpiv" + ProcessHandle.current().pid();
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "mcv", "lxc.cgroup.dir.monitor.pivot = " + top + "\n");
            jlxc(lxc, "mcv", "start", "--", "/bin/sleep", "1000").assertOk();
            jlxc(lxc, "mcv", "stop", "-k").assertOk();
            assertThat(cgroupDirs(top + "/lxc.pivot")).as("jlxc's monitor left for PIVOT/lxc.pivot").isNotEmpty();
            removeEmpty(top + "/lxc.pivot", top);
            // LXC's monitor does the same with the same config.
            Cmd.run("lxc-start", "-P", lxc.path(), "-n", "mcv", "--", "/bin/sleep", "1000").assertOk();
            Cmd.run("lxc-stop", "-P", lxc.path(), "-n", "mcv", "-k").assertOk();
            assertThat(cgroupDirs(top + "/lxc.pivot")).as("LXC's monitor too").isNotEmpty();
            assertThat(cgroupDirs("lxc.monitor.mcv")).isEmpty();
        } finally {
            removeEmpty(top + "/lxc.pivot", top);
        }
    }

    @Test
    void dirContainerInnerPutsInitBelowTheLimitsAsLxcDoes() throws Exception {
        String top = "mcinner" + ProcessHandle.current().pid();
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "mci", "lxc.cgroup.dir.container = " + top + "/ct\nlxc.cgroup.dir.monitor = " + top + "/mon\n"
                    + "lxc.cgroup.dir.container.inner = inner\nlxc.cgroup.pids.max = 77\n");
            Path pidfile = lxc.dir.resolve("mci.pid");
            jlxc(lxc, "mci", "start", "-p", pidfile.toString(), "--", "/bin/sleep", "1000").assertOk();
            try {
                assertNamedAsLxc(lxc, "mci", pidfile, top + "/mon", top + "/ct/inner");
                Path pids = cgroupDirs(top + "/ct").stream().filter(d -> Files.exists(d.resolve("pids.max"))).findFirst()
                        .orElseThrow();
                assertThat(pids.resolve("pids.max")).as("the limit on the outer cgroup").hasContent("77");
                assertThat(pids.resolve("inner/pids.max")).as("none on the inner one").hasContent("max");
                // Its cgroup namespace starts at the inner cgroup.
                long init = initPid(lxc, "mci");
                // (init's cgroups read from inside its cgroup namespace are that namespace's root)
                Cmd inside = Cmd.run("nsenter", "-t", Long.toString(init), "-C", "cat", "/proc/" + init + "/cgroup");
                assertThat(inside.out().lines()).isNotEmpty().allSatisfy(l -> assertThat(l).endsWith(":/"));
            } finally {
                jlxc(lxc, "mci", "stop", "-k").assertOk();
            }
            assertThat(cgroupDirs(top + "/ct")).isEmpty();
            // LXC places the same config's init in the same inner cgroup.
            Cmd.run("lxc-start", "-P", lxc.path(), "-n", "mci", "--", "/bin/sleep", "1000").assertOk();
            try {
                long lxcInit = Long.parseLong(Cmd.run("lxc-info", "-P", lxc.path(), "-n", "mci", "-pH").assertOk().out().strip());
                assertThat(cgroupsOf(lxcInit)).isNotEmpty().anySatisfy(c -> assertThat(c).endsWith("/" + top + "/ct/inner"));
            } finally {
                Cmd.run("lxc-stop", "-P", lxc.path(), "-n", "mci", "-k");
            }
        } finally {
            removeEmpty(top + "/ct/inner", top + "/ct", top + "/mon", top + "/lxc.pivot", top);
        }
    }

    @Test
    void badCombinationsNameTheLine() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            Path config = create(lxc, "mcb", "lxc.cgroup.dir.monitor = mcbad/mon\n");
            int line = Files.readAllLines(config).indexOf("lxc.cgroup.dir.monitor = mcbad/mon") + 1;
            Cmd alone = jlxc(lxc, "mcb", "start", "--", "/bin/true");
            assertThat(alone.exit()).isNotZero();
            assertThat(alone.err()).contains("lxc.cgroup.dir.container and lxc.cgroup.dir.monitor must both be set")
                    .contains(config + ":" + line);
            Files.writeString(config, Files.readString(config) + "lxc.cgroup.dir.container = mcbad/ct\nlxc.cgroup.dir = mcbad\n");
            int dirLine = Files.readAllLines(config).size();
            Cmd both = jlxc(lxc, "mcb", "start", "--", "/bin/true");
            assertThat(both.exit()).isNotZero();
            assertThat(both.err()).contains("lxc.cgroup.dir conflicts").contains(config + ":" + dirLine);
            assertThat(cgroupDirs("mcbad")).isEmpty();
            assertNoRuntimeFiles(lxc, "mcb");
        }
    }

    @Test
    void fiftyStartStopCyclesLeaveNothing() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "mccyc", "");
            for (int i = 0; i < 50; i++) {
                jlxc(lxc, "mccyc", "start", "--", "/bin/sleep", "1000").assertOk();
                jlxc(lxc, "mccyc", "stop", "-k").assertOk();
            }
            assertThat(leftovers()).isEmpty();
            assertNoRuntimeFiles(lxc, "mccyc");
        }
    }

    /** rmdir of the test's own placement directories, deepest first, in every hierarchy. */
    private static void removeEmpty(String... relatives) throws Exception {
        try (Stream<Path> mounts = Files.list(CG)) {
            for (Path m : mounts.toList()) {
                for (String r : relatives) {
                    try {
                        Files.deleteIfExists(m.resolve(r));
                    } catch (java.io.IOException e) {
                        // not empty or not a cgroup: left for the assertion that failed first
                    }
                }
            }
        }
    }
}
