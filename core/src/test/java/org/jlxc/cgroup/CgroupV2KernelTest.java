package org.jlxc.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jlxc.config.CgroupSetting;
import org.jlxc.config.Origin;
import org.jlxc.linux.Linux;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup2 paths of jlxc against the kernel, on the host's cgroup2 mount, whatever the layout
 * (on this hybrid host a container start takes the v1 paths): a directory of our own below this
 * process's cgroup2 cgroup stands in for a pure-cgroup2 host's base, so that ContainerCgroup,
 * Freezer, CgroupLimits and CgroupStats see a layout with the unified hierarchy only. What
 * cgroup2 offers without controllers is real here: cgroup.procs, cgroup.freeze + cgroup.events,
 * cgroup.kill, cgroup.max.*, cpu.stat. The base is killed empty and removed after each test.
 */
@Tag("privileged")
class CgroupV2KernelTest {
    @TempDir
    Path tmp;

    private Path base;
    private ContainerCgroup cgroup;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void ownBase() throws Exception {
        assumeTrue(Linux.geteuid() == 0, "needs root");
        Hierarchy host = CgroupLayout.ofHost().hierarchies().stream().filter(Hierarchy::unified).findFirst().orElse(null);
        assumeTrue(host != null, "needs a cgroup2 mount");
        String own = host.ownCgroup().equals("/") ? "" : host.ownCgroup();
        String baseCgroup = own + "/jlxc-test-v2-" + Linux.getpid();
        base = Files.createDirectory(host.dir(baseCgroup));
        Hierarchy unified = new Hierarchy(host.mountPoint(), List.of(), true, baseCgroup);
        CgroupLayout layout = new CgroupLayout(List.of(unified));
        assertThat(layout.isPureV2()).isTrue();
        cgroup = ContainerCgroup.of(layout, "ctv2");
        cgroup.create();
    }

    @AfterEach
    void removeBase() throws Exception {
        if (base == null) return;
        // Whatever a failed test left runs in our base: cgroup.kill takes it all, then rmdir.
        if (Files.exists(base.resolve("cgroup.kill"))) CgroupFiles.write(base.resolve("cgroup.kill"), "1");
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 500; i++) {
            try {
                removeTree(base);
                break;
            } catch (java.nio.file.FileSystemException e) {
                Thread.sleep(10); // EBUSY until the killed are gone
            }
        }
        assertThat(base).doesNotExist();
    }

    private static void removeTree(Path dir) throws Exception {
        if (!Files.exists(dir)) return;
        try (var children = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path c : children) removeTree(c);
        }
        Files.delete(dir);
    }

    private Path dir() {
        return cgroup.dirIn(cgroup.layout().unified());
    }

    /**
     * A shell that waits for `go`, having been moved into the container's cgroup by
     * ContainerCgroup.attach meanwhile, then runs `script` there (so all its children are inside).
     */
    private Process startInside(String script) throws Exception {
        Path go = tmp.resolve("go");
        Process p = new ProcessBuilder("/bin/sh", "-c",
                "while [ ! -e \"$1\" ]; do sleep 0.01; done; " + script, "sh", go.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile()).start();
        started.add(p);
        cgroup.attach((int) p.pid());
        assertThat(Files.readString(dir().resolve("cgroup.procs")).lines()).contains(Long.toString(p.pid()));
        Files.createFile(go);
        return p;
    }

    /** Waits until the container's cgroup holds n processes (a forking subshell has come and gone); returns them. */
    private Set<Integer> awaitPids(int n) throws Exception {
        for (int i = 0; i < 500 && cgroup.pids().size() != n; i++) Thread.sleep(10);
        assertThat(cgroup.pids()).as("processes in " + dir()).hasSize(n);
        return cgroup.pids();
    }

    private static void assertAllGone(Set<Integer> pids) throws Exception {
        for (int pid : pids) {
            // our own child is reaped by Java, the orphans by the host's init: wait for both
            for (int i = 0; i < 500 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
                Thread.sleep(10);
            }
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse();
        }
    }

    /** A shell with two children and an orphaned grandchild: four processes. */
    private static final String FAMILY = "(sleep 300 &); sleep 300 & sleep 300 & wait";

    @Test
    void cgroupFreezeStopsAWorkloadAndCgroupEventsSaysFrozenUntilTheThaw() throws Exception {
        Path count = tmp.resolve("count");
        startInside("while :; do echo x >> '" + count + "'; sleep 0.01; done");
        for (int i = 0; i < 300 && size(count) < 5; i++) Thread.sleep(10);
        assertThat(size(count)).as("the workload counts").isGreaterThanOrEqualTo(5);

        Freezer.Target t = Freezer.of(cgroup);
        assertThat(t).isEqualTo(new Freezer.Target(dir(), true));
        Freezer.freeze(t);
        assertThat(Files.readString(dir().resolve("cgroup.events"))).contains("frozen 1");
        assertThat(Freezer.isFrozen(t)).isTrue();
        long frozenAt = size(count);
        Thread.sleep(300);
        assertThat(size(count)).as("no count while frozen").isEqualTo(frozenAt);

        Freezer.thaw(t);
        assertThat(Files.readString(dir().resolve("cgroup.events"))).contains("frozen 0");
        for (int i = 0; i < 300 && size(count) <= frozenAt; i++) Thread.sleep(10);
        assertThat(size(count)).as("counting again after the thaw").isGreaterThan(frozenAt);
    }

    private static long size(Path f) throws Exception {
        return Files.exists(f) ? Files.size(f) : 0;
    }

    @Test
    void killAllTakesEveryProcessWithCgroupKillThenTheCgroupGoes() throws Exception {
        startInside(FAMILY);
        Set<Integer> pids = awaitPids(4);
        assertThat(cgroup.killAll()).as("cgroup.kill did it, nothing signalled one by one").isZero();
        assertAllGone(pids);
        assertThat(cgroup.hasProcesses()).isFalse();
        cgroup.destroy();
        assertThat(dir()).doesNotExist();
    }

    @Test
    void withoutCgroupKillItFreezesKillsEachPidAndThaws() throws Exception {
        startInside(FAMILY);
        Set<Integer> pids = awaitPids(4);
        assertThat(cgroup.killAll(false)).as("signalled one by one").isEqualTo(pids.size());
        assertAllGone(pids);
        // thawed again: a later start in the same cgroup is not born frozen
        assertThat(Files.readString(dir().resolve("cgroup.freeze")).strip()).isEqualTo("0");
        assertThat(Files.readString(dir().resolve("cgroup.events"))).contains("populated 0").contains("frozen 0");
        cgroup.destroy();
        assertThat(dir()).doesNotExist();
    }

    @Test
    void cgroup2KeysAreWrittenWhereTheKernelEnforcesThem() throws Exception {
        Origin at = new Origin(Path.of("config"), 7);
        CgroupLimits.delegate(cgroup); // nothing to enable below a base without controllers: no error
        CgroupLimits.apply(cgroup, List.of(new CgroupSetting(2, "cgroup.max.descendants", "2", at),
                new CgroupSetting(2, "cgroup.max.depth", "1", at)), w -> { });
        assertThat(Files.readString(dir().resolve("cgroup.max.descendants")).strip()).isEqualTo("2");
        assertThat(Files.readString(dir().resolve("cgroup.max.depth")).strip()).isEqualTo("1");
        // The kernel holds them: two children, not a third; no grandchild
        Files.createDirectory(dir().resolve("a"));
        assertThatThrownBy(() -> Files.createDirectory(dir().resolve("a/b"))).isInstanceOf(java.io.IOException.class);
        Files.createDirectory(dir().resolve("b"));
        assertThatThrownBy(() -> Files.createDirectory(dir().resolve("c"))).isInstanceOf(java.io.IOException.class);
        // lxc-cgroup's lookup on a pure cgroup2 host: any file of the unified cgroup
        assertThat(cgroup.fileFor("cgroup.max.depth")).isEqualTo(dir().resolve("cgroup.max.depth"));
    }

    @Test
    void aValueTheKernelRefusesNamesKeyOriginFileAndErrno() {
        Origin at = new Origin(Path.of("/var/lib/lxc/ctv2/config"), 12);
        assertThatThrownBy(() -> CgroupLimits.apply(cgroup,
                List.of(new CgroupSetting(2, "cgroup.max.depth", "bogus", at)), w -> { }))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("lxc.cgroup2.cgroup.max.depth (/var/lib/lxc/ctv2/config:12)")
                .hasMessageContaining(dir().resolve("cgroup.max.depth").toString())
                .hasMessageContaining("EINVAL");
        // a controller this cgroup2 does not offer: its file does not exist
        assertThatThrownBy(() -> CgroupLimits.apply(cgroup,
                List.of(new CgroupSetting(2, "memory.max", "1", at)), w -> { }))
                .isInstanceOf(CgroupException.class).hasMessageContaining("lxc.cgroup2.memory.max")
                .hasMessageContaining("ENOENT");
    }

    @Test
    void statisticsReadWhatCgroup2OffersAndNothingElse() throws Exception {
        Process p = startInside("i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        CgroupStats stats = CgroupStats.of(cgroup);
        // cpu.stat is in every cgroup2 directory; memory.stat and io.stat only with their controllers
        assertThat(stats.cpuNanos()).as("usage_usec of a busy loop").isNotNull().isGreaterThan(1_000_000L);
        boolean memory = Files.exists(dir().resolve("memory.stat"));
        assertThat(stats.memoryBytes() != null).isEqualTo(memory);
        assertThat(stats.blkioBytes() != null).isEqualTo(Files.exists(dir().resolve("io.stat")));
        assertThat(OomKills.of(cgroup)).isZero();
    }
}
