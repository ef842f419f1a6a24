package org.jlxc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncludeTest {
    @TempDir
    Path tmp;
    ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(tmp);
    }

    @Test
    void includedFileIsInlinedWithItsOwnOrigins() throws Exception {
        Path common = files.write("common.conf", "# shared", "lxc.tty.max = 4", "lxc.cap.drop = sys_time");
        ContainerConfig c = files.load("lxc.uts.name = a", "lxc.include = " + common, "lxc.tty.max = 2");
        assertThat(c.ttyMax()).isEqualTo(2);
        assertThat(c.capDrop()).containsExactly(25);
        assertThat(c.lines()).extracting(l -> l.key() + "@" + l.origin())
                .containsExactly("lxc.uts.name@" + tmp.resolve("config") + ":1",
                        "lxc.tty.max@" + common + ":2", "lxc.cap.drop@" + common + ":3",
                        "lxc.include@" + tmp.resolve("config") + ":2", "lxc.tty.max@" + tmp.resolve("config") + ":3");
        assertThat(c.originOf("lxc.cap.drop")).isEqualTo(new Origin(common, 3));
    }

    @Test
    void directoryIncludeReadsConfFilesInNameOrder() throws Exception {
        files.write("d/20-b.conf", "lxc.uts.name = second");
        files.write("d/10-a.conf", "lxc.uts.name = first", "lxc.tty.max = 1");
        files.write("d/30-ignored.txt", "lxc.uts.name = never");
        ContainerConfig withSlash = files.load("lxc.include = " + tmp.resolve("d") + "/");
        assertThat(withSlash.utsName()).isEqualTo("second");
        assertThat(withSlash.ttyMax()).isEqualTo(1);
        ContainerConfig withoutSlash = files.load("lxc.include = " + tmp.resolve("d"));
        assertThat(withoutSlash.utsName()).isEqualTo("second");
    }

    @Test
    void missingIncludeDirectoryIsIgnoredAsInLxc5() throws Exception {
        ContainerConfig c = files.load("lxc.include = " + tmp.resolve("nothing") + "/", "lxc.uts.name = a");
        assertThat(c.utsName()).isEqualTo("a");
    }

    @Test
    void missingIncludeFileIsAnErrorAtTheIncludeLine() {
        assertThatThrownBy(() -> files.load("", "lxc.include = " + tmp.resolve("gone.conf")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(tmp.resolve("config") + ":2: lxc.include: cannot read \"" + tmp.resolve("gone.conf")
                        + "\": no such file");
    }

    @Test
    void errorInsideIncludedFileNamesThatFile() {
        Path bad = files.write("bad.conf", "lxc.uts.name = ok", "lxc.pty.max = many");
        assertThatThrownBy(() -> files.load("lxc.include = " + bad))
                .hasMessage(bad + ":2: lxc.pty.max: invalid value \"many\": not a number");
    }

    @Test
    void includeLoopIsAnError() {
        Path a = tmp.resolve("a.conf");
        Path b = files.write("b.conf", "lxc.include = " + a);
        files.write("a.conf", "lxc.include = " + b);
        assertThatThrownBy(() -> files.load("lxc.include = " + a))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(b + ":1: lxc.include: include loop: " + a);
    }

    @Test
    void sameFileTwiceIsNotALoop() throws Exception {
        Path common = files.write("c.conf", "lxc.cap.drop = sys_time");
        ContainerConfig c = files.load("lxc.include = " + common, "lxc.include = " + common);
        assertThat(c.capDrop()).containsExactly(25, 25);
    }
}
