package org.jlxc.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Naming (placement, suffixes for a busy name, stale reuse), persistence and lxc-cgroup's key lookup. */
class ContainerCgroupTest {
    @TempDir Path root;

    private CgroupLayout layout() {
        return new CgroupLayout(List.of(
                new Hierarchy(root.resolve("pids"), List.of("pids"), false, "/base"),
                new Hierarchy(root.resolve("unified"), List.of(), true, "/")));
    }

    private void cgroup(String hierarchyDir, String procs) throws Exception {
        Path d = root.resolve(hierarchyDir);
        Files.createDirectories(d);
        Files.writeString(d.resolve("cgroup.procs"), procs);
    }

    @Test
    void placementAsLxc() {
        assertThat(CgroupPlacement.DEFAULT.candidate("c1", 0)).isEqualTo("lxc.payload.c1");
        assertThat(CgroupPlacement.DEFAULT.candidate("c1", 2)).isEqualTo("lxc.payload.c1-2");
        assertThat(CgroupPlacement.of("a/b/", null, null).candidate("c1", 1)).isEqualTo("a/b/lxc.payload.c1-1");
        CgroupPlacement exact = CgroupPlacement.of(null, "mine/c1", "mon/c1");
        assertThat(exact.candidate("c1", 0)).isEqualTo("mine/c1");
        assertThat(exact.retries()).isFalse();
        assertThatThrownBy(() -> CgroupPlacement.of("/abs", null, null)).hasMessageContaining("relative");
        assertThatThrownBy(() -> CgroupPlacement.of("a/../..", null, null)).hasMessageContaining("upwards");
        assertThatThrownBy(() -> CgroupPlacement.of("d", "c", "m")).hasMessageContaining("conflicts");
        assertThatThrownBy(() -> CgroupPlacement.of(null, "c", null)).hasMessageContaining("must both be set");
    }

    @Test
    void anEmptyLeftoverIsTakenAndABusyNameMovesToTheFirstFreeSuffix() throws Exception {
        cgroup("pids/base/lxc.payload.c1", "");
        assertThat(ContainerCgroup.choose(layout(), CgroupPlacement.DEFAULT, "c1").path()).isEqualTo("lxc.payload.c1");
        // busy in one hierarchy is busy
        Files.writeString(root.resolve("pids/base/lxc.payload.c1/cgroup.procs"), "4242\n");
        cgroup("unified/lxc.payload.c1-1", "");
        Files.createDirectories(root.resolve("unified/lxc.payload.c1-1/sub"));
        Files.writeString(root.resolve("unified/lxc.payload.c1-1/sub/cgroup.procs"), "77\n");
        assertThat(ContainerCgroup.choose(layout(), CgroupPlacement.DEFAULT, "c1").path()).isEqualTo("lxc.payload.c1-2");
    }

    @Test
    void theMonitorIsPlacedAsLxcPlacesIt() {
        assertThat(CgroupPlacement.DEFAULT.monitorCandidate("c1", 0)).isEqualTo("lxc.monitor.c1");
        assertThat(CgroupPlacement.DEFAULT.monitorCandidate("c1", 3)).isEqualTo("lxc.monitor.c1-3");
        assertThat(CgroupPlacement.DEFAULT.pivot()).isEqualTo("lxc.pivot");
        CgroupPlacement inDir = CgroupPlacement.of("a//b/", null, null);
        assertThat(inDir.monitorCandidate("c1", 1)).isEqualTo("a/b/lxc.monitor.c1-1");
        assertThat(inDir.pivot()).isEqualTo("a/b/lxc.pivot");
        CgroupPlacement exact = CgroupPlacement.of(null, "ct/c1", "mon/c1/");
        assertThat(exact.monitorCandidate("c1", 0)).isEqualTo("mon/c1");
        assertThat(exact.pivot()).isEqualTo("lxc.pivot");
        assertThat(CgroupPlacement.of("a", null, null, "piv//x/", null).pivot()).isEqualTo("piv/x/lxc.pivot");
        assertThatThrownBy(() -> CgroupPlacement.of(null, null, null, "/abs", null))
                .isInstanceOfSatisfying(CgroupPlacement.BadKey.class,
                        e -> assertThat(e.key()).isEqualTo("lxc.cgroup.dir.monitor.pivot"));
        assertThat(CgroupPlacement.of(null, "ct", "mon", null, "in//").inner()).isEqualTo("in");
        assertThatThrownBy(() -> CgroupPlacement.of(null, null, null, null, "in"))
                .isInstanceOfSatisfying(CgroupPlacement.BadKey.class,
                        e -> assertThat(e.key()).isEqualTo("lxc.cgroup.dir.container.inner"));
    }

    @Test
    void aBadPlacementNamesTheKeyAtFault() {
        assertThatThrownBy(() -> CgroupPlacement.of("d", "c", "m"))
                .isInstanceOfSatisfying(CgroupPlacement.BadKey.class, e -> assertThat(e.key()).isEqualTo("lxc.cgroup.dir"));
        assertThatThrownBy(() -> CgroupPlacement.of(null, null, "m"))
                .isInstanceOfSatisfying(CgroupPlacement.BadKey.class, e -> assertThat(e.key()).isEqualTo("lxc.cgroup.dir.monitor"));
        assertThatThrownBy(() -> CgroupPlacement.of(null, "c", null))
                .isInstanceOfSatisfying(CgroupPlacement.BadKey.class, e -> assertThat(e.key()).isEqualTo("lxc.cgroup.dir.container"));
        assertThatThrownBy(() -> CgroupPlacement.of(null, "same/", "same")).hasMessageContaining("must differ");
        assertThatThrownBy(() -> CgroupPlacement.of(null, "c", "/m"))
                .isInstanceOfSatisfying(CgroupPlacement.BadKey.class, e -> assertThat(e.key()).isEqualTo("lxc.cgroup.dir.monitor"));
    }

    @Test
    void theMonitorPicksItsSuffixIndependentlyOfThePayload() throws Exception {
        cgroup("unified/lxc.monitor.c1", "99\n");
        cgroup("pids/base/lxc.monitor.c1-1", "100\n");
        assertThat(ContainerCgroup.chooseMonitor(layout(), CgroupPlacement.DEFAULT, "c1").path()).isEqualTo("lxc.monitor.c1-2");
        assertThat(ContainerCgroup.choose(layout(), CgroupPlacement.DEFAULT, "c1").path()).isEqualTo("lxc.payload.c1");
        assertThatThrownBy(() -> ContainerCgroup.chooseMonitor(layout(), CgroupPlacement.of(null, "ct", "lxc.monitor.c1"), "c1"))
                .hasMessageContaining("lxc.cgroup.dir.monitor").hasMessageContaining("has processes");
    }

    @Test
    void ensureMakesWhatIsMissingAndKeepsWhatExists() throws Exception {
        cgroup("unified/lxc.pivot", "5\n");
        Files.createDirectories(root.resolve("pids/base"));
        ContainerCgroup pivot = ContainerCgroup.at(layout(), CgroupPlacement.of("d", null, null).pivot());
        pivot.ensure();
        assertThat(root.resolve("pids/base/d/lxc.pivot")).isDirectory();
        assertThat(root.resolve("unified/d/lxc.pivot")).isDirectory();
        ContainerCgroup.at(layout(), "lxc.pivot").ensure();
        assertThat(root.resolve("unified/lxc.pivot/cgroup.procs")).hasContent("5\n");
        assertThat(root.resolve("pids/base/lxc.pivot")).isDirectory();
    }

    @Test
    void anExactPathThatIsBusyIsAnError() throws Exception {
        cgroup("unified/mine", "1\n");
        assertThatThrownBy(() -> ContainerCgroup.choose(layout(), CgroupPlacement.of(null, "mine", "mon"), "c1"))
                .isInstanceOf(CgroupException.class).hasMessageContaining("mine").hasMessageContaining("has processes");
    }

    @Test
    void theChosenCgroupIsSavedWithItsBasesAndLoadedByOthers() throws Exception {
        ContainerCgroup c = ContainerCgroup.choose(layout(), CgroupPlacement.of("d", null, null), "c1");
        Path file = root.resolve("cgroup");
        c.save(file);
        // a reader whose own cgroups differ finds the same directories
        CgroupLayout other = new CgroupLayout(List.of(
                new Hierarchy(root.resolve("pids"), List.of("pids"), false, "/elsewhere"),
                new Hierarchy(root.resolve("unified"), List.of(), true, "/x")));
        ContainerCgroup loaded = ContainerCgroup.load(file, other);
        assertThat(loaded.path()).isEqualTo("d/lxc.payload.c1");
        assertThat(loaded.hierarchies()).extracting(loaded::dirIn).containsExactly(
                root.resolve("pids/base/d/lxc.payload.c1"), root.resolve("unified/d/lxc.payload.c1"));
        assertThat(ContainerCgroup.load(root.resolve("missing"), other)).isNull();
    }

    @Test
    void lxcCgroupKeysFindTheirHierarchy() throws Exception {
        ContainerCgroup c = ContainerCgroup.of(layout(), "c1");
        assertThat(c.fileFor("pids.max")).isEqualTo(root.resolve("pids/base/lxc.payload.c1/pids.max"));
        cgroup("unified/lxc.payload.c1", "");
        Files.writeString(root.resolve("unified/lxc.payload.c1/cgroup.controllers"), "hugetlb\n");
        assertThat(c.fileFor("hugetlb.2MB.max")).isEqualTo(root.resolve("unified/lxc.payload.c1/hugetlb.2MB.max"));
        // hybrid: cgroup.* is no controller's
        assertThatThrownBy(() -> c.fileFor("cgroup.max.depth")).hasMessageContaining("\"cgroup\" controller");
        assertThatThrownBy(() -> c.fileFor("../x")).hasMessageContaining("not a cgroup file name");
        ContainerCgroup v2 = ContainerCgroup.of(new CgroupLayout(List.of(new Hierarchy(root, List.of(), true, "/"))), "c1");
        assertThat(v2.fileFor("cgroup.max.depth")).isEqualTo(root.resolve("lxc.payload.c1/cgroup.max.depth"));
    }

    @Test
    void rootStartsGoBelowInitsCgroupLessInitScope() {
        CgroupLayout l = CgroupLayout.parse(
                "30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", "0::/init.scope\n").withoutInitScope();
        assertThat(l.hierarchies().getFirst().ownCgroup()).isEqualTo("/");
    }
}
