package org.jlxc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigUpdaterTest {
    @TempDir
    Path tmp;

    @Test
    void updatesA107BusyboxConfig() throws Exception {
        Path original = Path.of("src/test/resources/config/busybox-1.0.7.conf");
        Path file = tmp.resolve("config");
        Files.copy(original, file);
        ContainerConfig before = ContainerConfig.load(file, w -> { });

        assertThat(ConfigUpdater.update(file)).isTrue();

        assertThat(Files.readString(tmp.resolve("config.backup"))).isEqualTo(Files.readString(original));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).contains("lxc.net.0.type = veth", "lxc.net.0.link = lxcbr0",
                "lxc.net.0.ipv4.address = 10.0.3.10/24", "lxc.net.0.ipv4.gateway = 10.0.3.1",
                "lxc.net.1.type = empty", "lxc.net.1.flags = up", "lxc.rootfs.path = dir:/var/lib/lxc/bb/rootfs",
                "lxc.signal.halt = SIGUSR1", "lxc.uts.name = bb", "lxc.tty.max = 1", "lxc.pty.max = 1",
                "lxc.idmap = u 0 100000 65536", "lxc.log.level = DEBUG",
                "#lxc.aa_profile = unconfined", "lxc.mount.auto = proc:mixed sys", "");
        assertThat(lines).noneMatch(l -> l.startsWith("lxc.kmsg") || l.startsWith("lxc.pivotdir")
                || l.startsWith("lxc.rootfs.backend") || l.startsWith("lxc.network"));
        assertThat(lines.getFirst()).startsWith("# Template used");
        assertThat(lines).hasSize(Files.readAllLines(original).size() - 3);

        List<String> warnings = new ArrayList<>();
        ContainerConfig after = ContainerConfig.load(file, warnings::add);
        assertThat(warnings).isEmpty();
        // Same meaning, except for the three keys that were dropped.
        before.clear("lxc.kmsg");
        before.clear("lxc.pivotdir");
        before.clear("lxc.rootfs.backend");
        // lxc.rootfs.backend = dir became the dir: prefix, which means the same as the plain path.
        assertThat(after.rootfs()).isEqualTo(before.rootfs());
        before.set("lxc.rootfs.path", "dir:/var/lib/lxc/bb/rootfs", Origin.api());
        assertThat(after).isEqualTo(before);
        assertThat(after.rootfs().path()).isEqualTo("/var/lib/lxc/bb/rootfs");

        assertThat(ConfigUpdater.update(file)).isFalse();
    }

    @Test
    void currentFileIsLeftAlone() throws Exception {
        Path file = tmp.resolve("config");
        Files.copy(Path.of("src/test/resources/config/busybox-5.x.conf"), file);
        assertThat(ConfigUpdater.update(file)).isFalse();
        assertThat(tmp.resolve("config.backup")).doesNotExist();
    }

    @Test
    void rewritesIndentedAndIndexedKeysAndKeepsOtherLines() {
        assertThat(ConfigUpdater.rewrite(List.of("  lxc.network.2.ipv6 = fd00::1", "lxc.network.type = veth",
                "lxc.limit.nofile = 5", "lxc.rootfs = /r", "garbage", "lxc.network.type =")))
                .containsExactly("  lxc.net.2.ipv6.address = fd00::1", "lxc.net.3.type = veth",
                        "lxc.prlimit.nofile = 5", "lxc.rootfs.path = /r", "garbage", "lxc.net =");
    }
}
