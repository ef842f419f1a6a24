package org.jlxc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {
    @TempDir
    Path tmp;
    ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(tmp);
    }

    @Test
    void commentsBlanksAndTrimming() throws Exception {
        ContainerConfig c = files.load("# comment", "", "   ", "  # indented comment",
                "  lxc.uts.name   =   web1  ", "lxc.tty.max=4");
        assertThat(c.utsName()).isEqualTo("web1");
        assertThat(c.ttyMax()).isEqualTo(4);
        assertThat(c.lines()).extracting(ConfigLine::key).containsExactly("lxc.uts.name", "lxc.tty.max");
        assertThat(c.lines().get(0).origin()).isEqualTo(new Origin(tmp.resolve("config"), 5));
        assertThat(c.lines().get(0).origin().toString()).isEqualTo(tmp.resolve("config") + ":5");
    }

    @Test
    void onePairOfMatchingQuotesIsStripped() throws Exception {
        ContainerConfig c = files.load("lxc.uts.name = \"bb1\"", "lxc.init.cmd = '/bin/sh -c \"x\"'",
                "lxc.apparmor.profile = \"unconfined'", "lxc.environment = \"\"A=1\"\"");
        assertThat(c.utsName()).isEqualTo("bb1");
        assertThat(c.initCmd()).isEqualTo("/bin/sh -c \"x\"");
        assertThat(c.apparmorProfile()).isEqualTo("\"unconfined'");
        assertThat(c.environment()).containsExactly("\"A=1\"");
    }

    @Test
    void lineWithoutEqualsIsAnError() {
        assertThatThrownBy(() -> files.load("lxc.uts.name = a", "lxc.uts.name"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(tmp.resolve("config") + ":2: invalid configuration line \"lxc.uts.name\"");
    }

    @Test
    void lineNotStartingWithLxcIsAnError() {
        assertThatThrownBy(() -> files.load("lcx.uts.name = a"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config:1: invalid configuration line")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("lcx.uts.name");
    }

    @Test
    void unknownKeyNamesFileLineAndKey() {
        assertThatThrownBy(() -> files.load("lxc.uts.name = a", "", "lxc.foo = 1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(tmp.resolve("config") + ":3: unknown key \"lxc.foo\"");
    }

    @Test
    void badValueNamesFileLineKeyAndReason() {
        assertThatThrownBy(() -> files.load("# x", "", "lxc.tty.max = x"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(tmp.resolve("config") + ":3: lxc.tty.max: invalid value \"x\": not a number");
    }

    @Test
    void keysAreExactNotPrefixMatched() {
        assertThatThrownBy(() -> files.load("lxc.rootfsXYZ = /x")).hasMessageContaining("unknown key \"lxc.rootfsXYZ\"");
        assertThatThrownBy(() -> files.load("lxc.net.0 = veth")).hasMessageContaining("unknown key");
        assertThatThrownBy(() -> files.load("lxc.net.0.bogus = 1")).hasMessageContaining("unknown key");
    }

    @Test
    void missingFileIsAConfigError() {
        assertThatThrownBy(() -> ContainerConfig.load(tmp.resolve("nope"), w -> { }))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope:0: cannot read config file: no such file");
    }

    @Test
    void repeatedListKeysAppendAndEmptyValueClears() throws Exception {
        ContainerConfig c = files.load(
                "lxc.cap.drop = sys_module mac_admin", "lxc.cap.drop = sys_time",
                "lxc.environment = A=1", "lxc.environment =", "lxc.environment = B",
                "lxc.mount.entry = proc proc proc nodev 0 0", "lxc.mount.entry =",
                "lxc.group = onboot web", "lxc.group = db");
        assertThat(c.capDrop()).containsExactly(16, 33, 25);
        assertThat(c.get("lxc.cap.drop")).containsExactly("sys_module mac_admin sys_time");
        assertThat(c.environment()).containsExactly("B");
        assertThat(c.mountEntries()).isEmpty();
        assertThat(c.groups()).containsExactly("onboot", "web", "db");
    }

    @Test
    void scalarKeysLastWinsAndEmptyUnsets() throws Exception {
        ContainerConfig c = files.load("lxc.tty.max = 1", "lxc.tty.max = 5", "lxc.uts.name = a", "lxc.uts.name =");
        assertThat(c.ttyMax()).isEqualTo(5);
        assertThat(c.utsName()).isNull();
        assertThat(c.get("lxc.uts.name")).isEmpty();
    }

    @Test
    void cgroupFamilyAppendsAndClearsPerKey() throws Exception {
        ContainerConfig c = files.load(
                "lxc.cgroup.devices.deny = a", "lxc.cgroup.devices.allow = c 1:3 rwm",
                "lxc.cgroup.devices.allow = c 1:5 rwm", "lxc.cgroup2.memory.max = 1G",
                "lxc.cgroup.cpu.shares = 512", "lxc.cgroup.devices.allow =",
                "lxc.cgroup.dir = my/dir", "lxc.cgroup.relative = 1");
        assertThat(c.cgroupSettings()).extracting(s -> s.version() + " " + s.key() + "=" + s.value())
                .containsExactly("1 devices.deny=a", "1 cpu.shares=512", "2 memory.max=1G");
        assertThat(c.cgroupSettings().get(0).origin().line()).isEqualTo(1);
        assertThat(c.cgroupSettings().get(2).controller()).isEqualTo("memory");
        assertThat(c.cgroupDir()).isEqualTo("my/dir");
        assertThat(c.cgroupRelative()).isTrue();
        assertThat(c.get("lxc.cgroup")).containsExactly("lxc.cgroup.devices.deny = a", "lxc.cgroup.cpu.shares = 512");
        ContainerConfig d = files.load("lxc.cgroup.cpu.shares = 1", "lxc.cgroup2.pids.max = 3", "lxc.cgroup =");
        assertThat(d.cgroupSettings()).extracting(CgroupSetting::key).containsExactly("pids.max");
    }

    @Test
    void replacingFamilies() throws Exception {
        ContainerConfig c = files.load("lxc.prlimit.nofile = 1024:4096", "lxc.prlimit.nproc = unlimited",
                "lxc.prlimit.nofile = 2048", "lxc.sysctl.net.ipv4.ip_forward = 1", "lxc.proc.oom_score_adj = 10",
                "lxc.namespace.share.net = other", "lxc.namespace.clone = mnt pid", "lxc.namespace.keep = user");
        assertThat(c.prlimits()).containsEntry("nofile", new Prlimit(2048, 2048))
                .containsEntry("nproc", new Prlimit(Prlimit.UNLIMITED, Prlimit.UNLIMITED)).hasSize(2);
        assertThat(c.get("lxc.prlimit.nproc")).containsExactly("unlimited");
        assertThat(c.sysctls()).containsExactly(java.util.Map.entry("net.ipv4.ip_forward", "1"));
        assertThat(c.procs()).containsEntry("oom_score_adj", "10");
        assertThat(c.namespaceShare()).containsEntry("net", "other");
        assertThat(c.namespaceClone()).containsExactly("mnt", "pid");
        assertThat(c.namespaceKeep()).containsExactly("user");
    }

    @Test
    void hooks() throws Exception {
        ContainerConfig c = files.load("lxc.hook.mount = /a", "lxc.hook.pre-start = /b", "lxc.hook.mount = /c",
                "lxc.hook.version = 1");
        assertThat(c.hooks()).containsExactly(java.util.Map.entry("pre-start", java.util.List.of("/b")),
                java.util.Map.entry("mount", java.util.List.of("/a", "/c")));
        assertThat(c.hookVersion()).isTrue();
        ContainerConfig d = files.load("lxc.hook.mount = /a", "lxc.hook =", "lxc.hook.stop = /s");
        assertThat(d.hooks()).containsOnlyKeys("stop");
        assertThatThrownBy(() -> files.load("lxc.hook = x")).hasMessageContaining("only an empty value");
    }
}
