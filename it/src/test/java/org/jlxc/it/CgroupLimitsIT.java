package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * lxc.cgroup.* limits on real busybox containers (this host: cgroup v1 controllers plus a
 * cgroup2 mount without them, so lxc.cgroup2.* is ignored as by LXC), seen from outside and
 * from inside; lxc-cgroup; a bad value; stale and busy names. Each test ends with no
 * `lxc.payload.cl*` cgroup left.
 */
@Tag("privileged")
class CgroupLimitsIT {
    private static final Path CG = Path.of("/sys/fs/cgroup");

    private static Cmd jlxc(Lxcpath lxc, String name, String tool, String... args) {
        return lxc.jlxc(name, tool, args);
    }

    /** A busybox container without network, `extra` appended to its config; returns the config file. */
    private static Path create(Lxcpath lxc, String name, String extra) throws Exception {
        return lxc.createBusybox(name, extra);
    }

    private static String read(Path p) throws Exception {
        return Files.readString(p).strip();
    }

    private static List<Path> leftovers() throws Exception {
        try (Stream<Path> s = Files.walk(CG, 4)) {
            return s.filter(p -> p.getFileName().toString().startsWith("lxc.payload.cl")).toList();
        }
    }

    @AfterEach
    void nothingLeft() throws Exception {
        assertThat(leftovers()).as("lxc.payload.cl* cgroups left").isEmpty();
    }

    /** Waits until the container wrote `file` into its rootfs (its init script's output). */
    private static String awaitFile(Path file) throws Exception {
        for (int i = 0; i < 300 && !Files.exists(file); i++) Thread.sleep(50);
        Thread.sleep(100); // the write after the create
        return Files.readString(file);
    }

    @Test
    void limitsAreSetBeforeInitAndVisibleOutsideAndInside() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "cllim", """
                    lxc.cgroup.memory.limit_in_bytes = 67108864
                    lxc.cgroup.pids.max = 32
                    lxc.cgroup.cpu.shares = 512
                    lxc.cgroup.cpuset.cpus = 0
                    lxc.cgroup2.memory.max = 1
                    """);
            // Inside: the container mounts its own v1 hierarchies (its cgroup is their root).
            String script = "for c in memory pids cpu cpuset; do mkdir -p /mnt/$c; mount -t cgroup -o $c cgroup /mnt/$c; done;"
                    + " { cat /mnt/memory/memory.limit_in_bytes /mnt/pids/pids.max /mnt/cpu/cpu.shares"
                    + " /mnt/cpuset/cpuset.cpus; grep Cpus_allowed_list /proc/self/status; } > /inside.tmp;"
                    + " mv /inside.tmp /inside; exec sleep 1000";
            Cmd start = jlxc(lxc, "cllim", "start", "--", "/bin/sh", "-c", script).assertOk();
            // as LXC on a host that is not pure cgroup2
            assertThat(start.err()).contains("ignoring lxc.cgroup2.*");
            try {
                // As LXC run by root: below init's cgroups, i.e. at each hierarchy's root here.
                assertThat(read(CG.resolve("memory/lxc.payload.cllim/memory.limit_in_bytes"))).isEqualTo("67108864");
                assertThat(read(CG.resolve("pids/lxc.payload.cllim/pids.max"))).isEqualTo("32");
                assertThat(read(CG.resolve("cpu/lxc.payload.cllim/cpu.shares"))).isEqualTo("512");
                assertThat(read(CG.resolve("cpuset/lxc.payload.cllim/cpuset.cpus"))).isEqualTo("0");
                String inside = awaitFile(lxc.dir.resolve("cllim/rootfs/inside"));
                assertThat(inside.lines().toList()).containsExactly("67108864", "32", "512", "0",
                        "Cpus_allowed_list:\t0");
                assertThat(jlxc(lxc, "cllim", "info", "-S").assertOk().out()).contains("Memory use:");
            } finally {
                jlxc(lxc, "cllim", "stop", "-k");
            }
        }
    }

    @Test
    void aForkLoopIsHeldByPidsMax() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "clfork", "lxc.cgroup.pids.max = 12\n");
            // Bounded: at most 40 sleepers, forked by a child shell (ash gives up at the first
            // refused fork); init then marks the end with builtins only (no fork left for it).
            String script = "/bin/sh -c 'i=0; while [ $i -lt 40 ]; do i=$((i+1)); sleep 600 & done' 2>/dev/null;"
                    + " : > /forked; exec sleep 1000";
            jlxc(lxc, "clfork", "start", "--", "/bin/sh", "-c", script).assertOk();
            try {
                awaitFile(lxc.dir.resolve("clfork/rootfs/forked"));
                Path pids = CG.resolve("pids/lxc.payload.clfork");
                assertThat(Long.parseLong(read(pids.resolve("pids.current")))).isBetween(2L, 12L);
                // the kernel counted refused forks
                assertThat(read(pids.resolve("pids.events"))).matches("max [1-9]\\d*");
                // init still runs, held too
                assertThat(jlxc(lxc, "clfork", "info", "-s").out()).contains("RUNNING");
            } finally {
                // kills init, hence its PID namespace: every sleeper
                jlxc(lxc, "clfork", "stop", "-k");
            }
            assertThat(jlxc(lxc, "clfork", "info", "-s").out()).contains("STOPPED");
        }
    }

    @Test
    void lxcCgroupGetsAndSetsAsLxc() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "clget", "lxc.cgroup.pids.max = 20\n");
            Cmd stopped = jlxc(lxc, "clget", "cgroup", "pids.max");
            assertThat(stopped.exit()).isEqualTo(1);
            assertThat(stopped.err()).contains("'" + lxc.path() + ":clget' is not running");
            jlxc(lxc, "clget", "start").assertOk();
            try {
                assertThat(jlxc(lxc, "clget", "cgroup", "pids.max").assertOk().out()).isEqualTo("20\n\n");
                assertThat(jlxc(lxc, "clget", "cgroup", "pids.max", "25").assertOk().out()).isEmpty();
                assertThat(jlxc(lxc, "clget", "cgroup", "pids.max").out()).isEqualTo("25\n\n");
                assertThat(read(CG.resolve("pids/lxc.payload.clget/pids.max"))).isEqualTo("25");
                Cmd bad = jlxc(lxc, "clget", "cgroup", "pids.max", "bogus");
                assertThat(bad.exit()).isEqualTo(1);
                assertThat(bad.err()).contains("Failed to assign 'bogus' value to 'pids.max' for 'clget'")
                        .contains("EINVAL");
                Cmd none = jlxc(lxc, "clget", "cgroup", "nosuch.file");
                assertThat(none.exit()).isEqualTo(1);
                assertThat(none.err()).contains("Failed to retrieve value of 'nosuch.file'");
                assertThat(jlxc(lxc, "clget", "cgroup").exit()).isEqualTo(1);
                assertThat(Cmd.jlxc("cgroup", "--help").out() + Cmd.jlxc("cgroup", "--help").err())
                        .contains("state-object [value]").contains("--rcfile");
            } finally {
                jlxc(lxc, "clget", "stop", "-k");
            }
        }
    }

    @Test
    void aBadValueFailsTheStartNamingKeyLineFileAndErrno() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            Path config = create(lxc, "clbad", "lxc.cgroup.pids.max = 10\nlxc.cgroup.pids.max = bogus\n");
            int line = Files.readAllLines(config).size();
            Cmd start = jlxc(lxc, "clbad", "start", "-F", "--", "/bin/true");
            assertThat(start.exit()).isNotZero();
            assertThat(start.err()).contains("lxc.cgroup.pids.max (" + config + ":" + line + ")")
                    .contains("lxc.payload.clbad/pids.max").contains("EINVAL");
            assertThat(jlxc(lxc, "clbad", "info", "-s").out()).contains("STOPPED");
        }
    }

    @Test
    void anEmptyLeftoverIsReusedAndABusyNameGetsASuffix() throws Exception {
        try (Lxcpath a = new Lxcpath(); Lxcpath b = new Lxcpath()) {
            create(a, "clsame", "");
            create(b, "clsame", "");
            // a crash's leftover, in one hierarchy only
            Files.createDirectory(CG.resolve("pids/lxc.payload.clsame"));
            try {
                jlxc(a, "clsame", "start").assertOk();
                jlxc(b, "clsame", "start").assertOk();
                int pidA = Integer.parseInt(jlxc(a, "clsame", "info", "-pH").out().strip());
                int pidB = Integer.parseInt(jlxc(b, "clsame", "info", "-pH").out().strip());
                assertThat(read(CG.resolve("pids/lxc.payload.clsame/cgroup.procs")).lines()).contains("" + pidA);
                assertThat(read(CG.resolve("pids/lxc.payload.clsame-1/cgroup.procs")).lines()).contains("" + pidB);
                // lxc-cgroup and lxc-info find each one's own
                jlxc(b, "clsame", "cgroup", "pids.max", "50").assertOk();
                assertThat(read(CG.resolve("pids/lxc.payload.clsame-1/pids.max"))).isEqualTo("50");
                assertThat(read(CG.resolve("pids/lxc.payload.clsame/pids.max"))).isEqualTo("max");
                assertThat(jlxc(b, "clsame", "info", "-S").assertOk().out()).contains("Memory use:");
            } finally {
                jlxc(a, "clsame", "stop", "-k");
                jlxc(b, "clsame", "stop", "-k");
                Files.deleteIfExists(CG.resolve("pids/lxc.payload.clsame")); // only if a failure left it empty
            }
        }
    }
}
