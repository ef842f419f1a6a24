package org.jlxc.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class CgroupLayoutTest {
    private static final String HYBRID_MOUNTINFO = """
            30 23 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:4 - tmpfs tmpfs ro,mode=755
            31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec shared:5 - cgroup2 cgroup2 rw,nsdelegate
            32 30 0:28 / /sys/fs/cgroup/systemd rw shared:6 - cgroup cgroup rw,xattr,name=systemd
            33 30 0:29 / /sys/fs/cgroup/cpu,cpuacct rw shared:7 - cgroup cgroup rw,cpu,cpuacct
            34 30 0:30 / /sys/fs/cgroup/memory rw shared:8 - cgroup cgroup rw,memory
            35 40 0:30 /sub /mnt/memsub rw shared:8 - cgroup cgroup rw,memory
            """;
    private static final String HYBRID_CGROUP = """
            4:memory:/user.slice
            3:cpu,cpuacct:/
            1:name=systemd:/user.slice/session-1.scope
            0::/user.slice/session-1.scope
            """;

    @Test
    void hybridHostHasEveryV1HierarchyAndTheUnifiedOne() {
        CgroupLayout l = CgroupLayout.parse(HYBRID_MOUNTINFO, HYBRID_CGROUP);
        assertThat(l.hierarchies()).containsExactly(
                new Hierarchy(Path.of("/sys/fs/cgroup/unified"), List.of(), true, "/user.slice/session-1.scope"),
                new Hierarchy(Path.of("/sys/fs/cgroup/systemd"), List.of("name=systemd"), false,
                        "/user.slice/session-1.scope"),
                new Hierarchy(Path.of("/sys/fs/cgroup/cpu,cpuacct"), List.of("cpu", "cpuacct"), false, "/"),
                new Hierarchy(Path.of("/sys/fs/cgroup/memory"), List.of("memory"), false, "/user.slice"));
        assertThat(l.describe()).isEqualTo("hybrid: 3 cgroup v1 hierarchies and cgroup v2");
        assertThat(l.isPureV2()).isFalse();
    }

    @Test
    void pureV2Host() {
        CgroupLayout l = CgroupLayout.parse(
                "30 23 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n",
                "0::/init.scope\n");
        assertThat(l.isPureV2()).isTrue();
        assertThat(l.hierarchies().getFirst().ownCgroup()).isEqualTo("/init.scope");
        ContainerCgroup c = ContainerCgroup.of(l, "web");
        assertThat(c.dirIn(l.hierarchies().getFirst())).isEqualTo(Path.of("/sys/fs/cgroup/init.scope/lxc.payload.web"));
    }

    @Test
    void theContainersCgroupSitsBelowTheCallersOwnInEachHierarchy() {
        CgroupLayout l = CgroupLayout.parse(HYBRID_MOUNTINFO, HYBRID_CGROUP);
        ContainerCgroup c = ContainerCgroup.of(l, "web");
        assertThat(l.hierarchies()).extracting(c::pathIn).containsExactly(
                "/user.slice/session-1.scope/lxc.payload.web", "/user.slice/session-1.scope/lxc.payload.web",
                "/lxc.payload.web", "/user.slice/lxc.payload.web");
    }
}
