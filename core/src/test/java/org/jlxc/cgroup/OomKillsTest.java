package org.jlxc.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OomKillsTest {
    @Test
    void v2EventsAndV1OomControlBothCarryOomKill() {
        assertThat(OomKills.parse("low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 0\n")).isEqualTo(2);
        assertThat(OomKills.parse("oom_kill_disable 0\nunder_oom 0\noom_kill 1\n")).isEqualTo(1);
        assertThat(OomKills.parse("oom_kill_disable 0\n")).isZero();
    }

    @Test
    void readFromTheContainersMemoryCgroupOnAFixtureTree(@TempDir Path root) throws Exception {
        Path mem = Files.createDirectories(root.resolve("memory/lxc.payload.c1"));
        Files.writeString(mem.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 4\n");
        Files.createDirectories(root.resolve("unified/lxc.payload.c1"));
        ContainerCgroup cg = ContainerCgroup.of(new CgroupLayout(List.of(
                new Hierarchy(root.resolve("unified"), List.of(), true, "/"),
                new Hierarchy(root.resolve("memory"), List.of("memory"), false, "/"))), "c1");
        assertThat(OomKills.of(cg)).isEqualTo(4);
    }

    @Test
    void aMemorySettingOfEitherVersionIsALimit() {
        org.jlxc.config.Origin at = new org.jlxc.config.Origin(Path.of("config"), 1);
        assertThat(OomKills.limited(List.of(new org.jlxc.config.CgroupSetting(1, "pids.max", "10", at)))).isFalse();
        assertThat(OomKills.limited(List.of(new org.jlxc.config.CgroupSetting(1, "pids.max", "10", at),
                new org.jlxc.config.CgroupSetting(1, "memory.limit_in_bytes", "1M", at)))).isTrue();
        assertThat(OomKills.limited(List.of(new org.jlxc.config.CgroupSetting(2, "memory.max", "1M", at)))).isTrue();
    }

    @Test
    void theReportSaysWhetherInitWasKilled() {
        assertThat(OomKills.report("c1", 0, 9)).isNull();
        assertThat(OomKills.report("c1", 1, 9)).isEqualTo("init was killed by SIGKILL; the out-of-memory killer killed"
                + " 1 process(es) of container \"c1\" (its cgroup reached its memory limit)");
        assertThat(OomKills.report("c1", 2, 0)).isEqualTo("the out-of-memory killer killed 2 process(es) of container"
                + " \"c1\" (its cgroup reached its memory limit) during this run");
        assertThat(OomKills.report("c1", 2, -1)).endsWith("during this run");
    }
}
