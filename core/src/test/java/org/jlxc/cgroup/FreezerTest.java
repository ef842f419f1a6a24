package org.jlxc.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The freezer on fixture trees: plain directories and files standing in for cgroupfs. */
class FreezerTest {
    @TempDir Path root;

    @Test
    void cgroupEventsFrozenKeyIsReadWhateverTheOrder() {
        assertThat(Freezer.eventsFrozen("populated 1\nfrozen 1\n")).isTrue();
        assertThat(Freezer.eventsFrozen("frozen 0\npopulated 1\n")).isFalse();
        assertThat(Freezer.eventsFrozen("populated 1\n")).as("a kernel without freezing").isFalse();
        assertThat(Freezer.eventsFrozen("frozen 10\n")).isFalse();
    }

    @Test
    void v1FreezerHierarchyWinsOnAHybridHost() throws Exception {
        Path v2 = Files.createDirectories(root.resolve("unified/lxc.payload.c1"));
        Files.writeString(v2.resolve("cgroup.freeze"), "0\n");
        Path v1 = Files.createDirectories(root.resolve("freezer/lxc.payload.c1"));
        Files.writeString(v1.resolve("freezer.state"), "THAWED\n");
        ContainerCgroup cg = ContainerCgroup.of(new CgroupLayout(List.of(
                new Hierarchy(root.resolve("unified"), List.of(), true, "/"),
                new Hierarchy(root.resolve("freezer"), List.of("freezer"), false, "/"))), "c1");
        assertThat(Freezer.of(cg)).isEqualTo(new Freezer.Target(v1, false));
        assertThat(Freezer.isFrozen(Freezer.of(cg))).isFalse();
        Files.writeString(v1.resolve("freezer.state"), "FREEZING\n");
        assertThat(Freezer.isFrozen(Freezer.of(cg))).as("FREEZING is not frozen yet").isFalse();
        Files.writeString(v1.resolve("freezer.state"), "FROZEN\n");
        assertThat(Freezer.isFrozen(Freezer.of(cg))).isTrue();
    }

    @Test
    void pureV2FreezesWithCgroupFreezeAndReadsCgroupEvents() throws Exception {
        Path v2 = Files.createDirectories(root.resolve("lxc.payload.c2"));
        Files.writeString(v2.resolve("cgroup.freeze"), "0\n");
        Files.writeString(v2.resolve("cgroup.events"), "populated 1\nfrozen 1\n"); // as the kernel will say
        ContainerCgroup cg = ContainerCgroup.of(new CgroupLayout(List.of(new Hierarchy(root, List.of(), true, "/"))), "c2");
        Freezer.Target t = Freezer.of(cg);
        assertThat(t).isEqualTo(new Freezer.Target(v2, true));
        Freezer.freeze(t);
        assertThat(Files.readString(v2.resolve("cgroup.freeze"))).isEqualTo("1");
        Files.writeString(v2.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        Freezer.thaw(t);
        assertThat(Files.readString(v2.resolve("cgroup.freeze"))).isEqualTo("0");
    }

    @Test
    void noFreezerAnywhereIsNone() throws Exception {
        Files.createDirectories(root.resolve("lxc.payload.c3"));
        ContainerCgroup cg = ContainerCgroup.of(new CgroupLayout(List.of(new Hierarchy(root, List.of(), true, "/"))), "c3");
        assertThat(Freezer.of(cg)).isNull();
    }
}
