package org.jlxc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {
    @TempDir
    Path tmp;
    ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(tmp);
    }

    private static List<String> keyValues(ContainerConfig c) {
        return c.lines().stream().map(l -> l.key() + "=" + l.value()).toList();
    }

    @Test
    void loadSaveLoadKeepsModelCommentsAndIncludes() throws Exception {
        Path common = files.write("common.conf", "lxc.cap.drop = sys_time", "lxc.cgroup.devices.deny = a");
        ContainerConfig c = files.load("# header", "", "lxc.include = " + common, "lxc.uts.name = \"web\"",
                "lxc.net.0.type = veth", "lxc.net.0.ipv4.address = 10.0.0.2/24", "lxc.mount.entry = a b c d 0 0",
                "lxc.prlimit.nofile = 1:2", "lxc.hook.mount = /h x", "  # trailing comment");
        Path saved = tmp.resolve("saved");
        c.save(saved);
        String text = Files.readString(saved);
        assertThat(text).startsWith("# header\n\nlxc.include = " + common + "\n").contains("  # trailing comment\n")
                .doesNotContain("sys_time");
        ContainerConfig again = ContainerConfig.load(saved, w -> { });
        assertThat(again).isEqualTo(c);
        assertThat(again.values()).isEqualTo(c.values());
        assertThat(keyValues(again)).isEqualTo(keyValues(c));
    }

    @Test
    void setAndClearAreSaved() throws Exception {
        ContainerConfig c = files.load("lxc.uts.name = a", "lxc.tty.max = 1", "lxc.cap.drop = sys_time",
                "lxc.net.0.type = veth", "lxc.net.1.type = empty", "lxc.cgroup.cpu.shares = 2");
        c.set("lxc.uts.name", "b", Origin.api());
        c.set("lxc.utsname", "c", Origin.api());
        c.set("lxc.cap.drop", "mknod", Origin.api());
        c.set("lxc.init.cmd", "\"quoted\"", Origin.api());
        c.clear("lxc.tty.max");
        c.clear("lxc.net.1");
        c.clear("lxc.cgroup");
        assertThat(c.utsName()).isEqualTo("c");
        assertThat(c.ttyMax()).isNull();
        assertThat(c.networks()).hasSize(1);
        assertThat(c.cgroupSettings()).isEmpty();
        assertThat(c.capDrop()).containsExactly(25, 27);
        Path saved = tmp.resolve("saved");
        c.save(saved);
        assertThat(Files.readAllLines(saved)).containsExactly("lxc.cap.drop = sys_time", "lxc.net.0.type = veth",
                "lxc.uts.name = c", "lxc.cap.drop = mknod", "lxc.init.cmd = '\"quoted\"'");
        ContainerConfig again = ContainerConfig.load(saved, w -> { });
        assertThat(again).isEqualTo(c);
        assertThat(again.initCmd()).isEqualTo("\"quoted\"");
        assertThat(c.lines()).extracting(ConfigLine::key).doesNotContain("lxc.tty.max", "lxc.net.1.type");
    }

    @Test
    void legacyFileRoundTripsToSameModel() throws Exception {
        Path legacy = Path.of("src/test/resources/config/busybox-1.0.7.conf");
        ContainerConfig c = ContainerConfig.load(legacy, w -> { });
        Path saved = tmp.resolve("saved");
        c.save(saved);
        assertThat(ContainerConfig.load(saved, w -> { })).isEqualTo(c);
    }

    @Test
    void differentValuesAreNotEqual() throws Exception {
        assertThat(files.load("lxc.uts.name = a")).isNotEqualTo(files.load("lxc.uts.name = b"));
        assertThat(files.load("lxc.net.0.type = veth")).isNotEqualTo(files.load("lxc.net.1.type = veth"));
    }

    @Test
    void commandLineDefinesNameTheirOrigin() throws Exception {
        ContainerConfig c = files.load("lxc.uts.name = a");
        c.set("lxc.apparmor.profile", "unconfined", Origin.commandLine());
        assertThat(c.originOf("lxc.apparmor.profile").toString()).isEqualTo("command line (-s)");
        assertThat(c.originOf("lxc.uts.name").toString()).isEqualTo(tmp.resolve("config") + ":1");
        assertThat(c.originOf("lxc.tty.max")).isNull();
    }
}
