package org.jlxc.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jlxc.config.CgroupSetting;
import org.jlxc.config.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key to file mapping, order, delegation and errors on fixture trees (plain directories). */
class CgroupLimitsTest {
    @TempDir Path root;

    private CgroupLayout hybrid() {
        return new CgroupLayout(List.of(
                new Hierarchy(root.resolve("cpu,cpuacct"), List.of("cpu", "cpuacct"), false, "/"),
                new Hierarchy(root.resolve("memory"), List.of("memory"), false, "/user.slice"),
                new Hierarchy(root.resolve("pids"), List.of("pids"), false, "/"),
                new Hierarchy(root.resolve("unified"), List.of(), true, "/")));
    }

    private CgroupLayout pureV2() {
        return new CgroupLayout(List.of(new Hierarchy(root, List.of(), true, "/")));
    }

    private static CgroupSetting v1(String key, String value, int line) {
        return new CgroupSetting(1, key, value, new Origin(Path.of("/c/config"), line));
    }

    private static CgroupSetting v2(String key, String value, int line) {
        return new CgroupSetting(2, key, value, new Origin(Path.of("/c/config"), line));
    }

    @Test
    void v1KeysGoToTheirControllersHierarchyInConfigOrderWithMemswLast() throws Exception {
        ContainerCgroup c = ContainerCgroup.of(hybrid(), "web");
        List<String> warnings = new ArrayList<>();
        List<CgroupLimits.Write> writes = CgroupLimits.plan(c, List.of(
                v1("memory.memsw.limit_in_bytes", "128M", 1), v1("pids.max", "20", 2),
                v1("memory.limit_in_bytes", "64M", 3), v1("cpu.shares", "512", 4),
                v1("devices.deny", "a", 5), v2("pids.max", "10", 6)), warnings::add);
        assertThat(writes).extracting(w -> root.relativize(w.file()).toString()).containsExactly(
                "pids/lxc.payload.web/pids.max",
                "memory/user.slice/lxc.payload.web/memory.limit_in_bytes",
                "cpu,cpuacct/lxc.payload.web/cpu.shares",
                "memory/user.slice/lxc.payload.web/memory.memsw.limit_in_bytes");
        // as LXC 5: cgroup2 keys are ignored unless the host is pure cgroup2
        assertThat(warnings).singleElement().asString().contains("lxc.cgroup2.*").contains("/c/config:6");
    }

    @Test
    void onPureV2TheV2KeysAreWrittenAndTheV1OnesIgnored() throws Exception {
        ContainerCgroup c = ContainerCgroup.of(pureV2(), "web");
        List<String> warnings = new ArrayList<>();
        List<CgroupLimits.Write> writes = CgroupLimits.plan(c, List.of(
                v1("memory.limit_in_bytes", "64M", 1), v2("memory.max", "64M", 2), v2("cpu.weight", "50", 3),
                v2("devices.allow", "c 1:3 rwm", 4)), warnings::add);
        assertThat(writes).extracting(w -> root.relativize(w.file()).toString())
                .containsExactly("lxc.payload.web/memory.max", "lxc.payload.web/cpu.weight");
        assertThat(warnings).singleElement().asString().contains("pure cgroup2").contains("/c/config:1");
    }

    @Test
    void anUnknownControllerNamesTheKeyItsLineAndEnoent() {
        ContainerCgroup c = ContainerCgroup.of(hybrid(), "web");
        assertThatThrownBy(() -> CgroupLimits.plan(c, List.of(v1("nosuch.max", "1", 7)), w -> {}))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("lxc.cgroup.nosuch.max (/c/config:7)").hasMessageContaining("ENOENT");
    }

    @Test
    void aKeyThatLeavesTheCgroupIsRefused() {
        ContainerCgroup c = ContainerCgroup.of(pureV2(), "web");
        assertThatThrownBy(() -> CgroupLimits.plan(c, List.of(v2("../../escape", "1", 3)), w -> {}))
                .isInstanceOf(CgroupException.class).hasMessageContaining("lxc.cgroup2.../../escape (/c/config:3)");
    }

    @Test
    void applyWritesTheValuesAndAMissingFileIsEnoentNamingTheFile() throws Exception {
        ContainerCgroup c = ContainerCgroup.of(hybrid(), "web");
        Path pids = root.resolve("pids/lxc.payload.web");
        Files.createDirectories(pids);
        Files.writeString(pids.resolve("pids.max"), "max\n");
        CgroupLimits.apply(c, List.of(v1("pids.max", "20", 2)), w -> {});
        assertThat(Files.readString(pids.resolve("pids.max"))).isEqualTo("20");
        assertThatThrownBy(() -> CgroupLimits.apply(c, List.of(v1("pids.nosuch", "1", 9)), w -> {}))
                .hasMessageContaining("lxc.cgroup.pids.nosuch (/c/config:9)")
                .hasMessageContaining(pids.resolve("pids.nosuch").toString())
                .hasMessageContaining("ENOENT");
    }

    @Test
    void delegationEnablesTheBasesControllersDownToTheContainersParent() throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        Path dir = root.resolve("ct");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cgroup.subtree_control"), "");
        ContainerCgroup c = ContainerCgroup.choose(pureV2(), CgroupPlacement.of("ct", null, null), "web");
        CgroupLimits.delegate(c);
        assertThat(Files.readString(root.resolve("cgroup.subtree_control"))).isEqualTo("+cpu +memory +pids");
        assertThat(Files.readString(dir.resolve("cgroup.subtree_control"))).isEqualTo("+cpu +memory +pids");
        assertThat(c.dirIn(pureV2().hierarchies().getFirst())).isEqualTo(root.resolve("ct/lxc.payload.web"));
    }

    @Test
    void delegationIsOnlyForPureV2() throws Exception {
        Files.createDirectories(root.resolve("unified"));
        Files.writeString(root.resolve("unified/cgroup.subtree_control"), "");
        CgroupLimits.delegate(ContainerCgroup.of(hybrid(), "web"));
        assertThat(Files.readString(root.resolve("unified/cgroup.subtree_control"))).isEmpty();
    }
}
