package org.jlxc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalConfigTest {
    @TempDir Path tmp;

    @Test
    void rootDefaultsWhenTheFileIsAbsent() {
        GlobalConfig c = GlobalConfig.load(tmp.resolve("absent.conf"), 0, Path.of("/root"));
        assertThat(c.lxcpath()).isEqualTo(Path.of("/var/lib/lxc"));
        assertThat(c.defaultConfig()).isEqualTo(Path.of("/etc/lxc/default.conf"));
        assertThat(c.value("lxc.bdev.lvm.vg")).contains("lxc");
        assertThat(c.value("lxc.bdev.lvm.thin_pool")).contains("lxc");
        assertThat(c.value("lxc.bdev.zfs.root")).contains("lxc");
        assertThat(c.value("lxc.cgroup.use")).isEmpty();
        assertThat(c.value("lxc.cgroup.pattern")).isEmpty();
    }

    @Test
    void userDefaultsLiveInTheHomeDirectory() {
        GlobalConfig c = GlobalConfig.load(tmp.resolve("absent.conf"), 1000, Path.of("/home/u"));
        assertThat(c.lxcpath()).isEqualTo(Path.of("/home/u/.local/share/lxc"));
        assertThat(c.defaultConfig()).isEqualTo(Path.of("/home/u/.config/lxc/default.conf"));
    }

    @Test
    void theFileDependsOnTheUser() {
        assertThat(GlobalConfig.fileFor(0, Path.of("/root"))).isEqualTo(Path.of("/etc/lxc/lxc.conf"));
        assertThat(GlobalConfig.fileFor(1000, Path.of("/home/u"))).isEqualTo(Path.of("/home/u/.config/lxc/lxc.conf"));
    }

    @Test
    void forUserReadsTheUsersFile() throws IOException {
        Path conf = tmp.resolve(".config/lxc/lxc.conf");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "lxc.lxcpath = /srv/containers\n");
        assertThat(GlobalConfig.forUser(1000, tmp).lxcpath()).isEqualTo(Path.of("/srv/containers"));
        assertThat(GlobalConfig.forUser(1000, tmp).file()).isEqualTo(conf);
    }

    @Test
    void parsesLikeLxc() throws IOException {
        Path conf = tmp.resolve("lxc.conf");
        Files.writeString(conf, """
                # lxc.bdev.lvm.vg = commented
                   lxc.lxcpath   =   /first/path
                lxc.lxcpath = /second/path
                lxc.bdev.lvm.vgx = another key
                lxc.bdev.lvm.vg=vg0
                lxc.cgroup.pattern =
                lxc.bdev.zfs.root tank/lxc
                lxc.cgroup.use = memory,pids\t
                """);
        GlobalConfig c = GlobalConfig.load(conf, 0, Path.of("/root"));
        assertThat(c.value("lxc.lxcpath")).contains("/first/path");
        assertThat(c.value("lxc.bdev.lvm.vg")).contains("vg0");
        assertThat(c.value("lxc.cgroup.pattern")).contains("");
        assertThat(c.value("lxc.bdev.zfs.root")).as("no '=': not a setting").contains("lxc");
        assertThat(c.value("lxc.cgroup.use")).contains("memory,pids");
    }

    @Test
    void anEmptyPathKeepsTheDefault() throws IOException {
        Path conf = tmp.resolve("lxc.conf");
        Files.writeString(conf, "lxc.lxcpath =\n");
        assertThat(GlobalConfig.load(conf, 0, Path.of("/root")).lxcpath()).isEqualTo(Path.of("/var/lib/lxc"));
    }

    @Test
    void unknownKeysAreRefused() {
        GlobalConfig c = GlobalConfig.load(tmp.resolve("absent.conf"), 0, Path.of("/root"));
        assertThat(GlobalConfig.isKey("lxc.rootfs")).isFalse();
        assertThatThrownBy(() -> c.value("lxc.rootfs")).hasMessage("Unknown configuration item: lxc.rootfs");
        assertThat(GlobalConfig.KEYS).containsExactly("lxc.default_config", "lxc.lxcpath", "lxc.bdev.lvm.vg",
                "lxc.bdev.lvm.thin_pool", "lxc.bdev.zfs.root", "lxc.cgroup.use", "lxc.cgroup.pattern");
    }

    @Test
    void anUnreadableFileIsAnError() throws IOException {
        Path dir = tmp.resolve("lxc.conf"); // a directory cannot be read as a file
        Files.createDirectory(dir);
        assertThatThrownBy(() -> GlobalConfig.load(dir, 0, Path.of("/root")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot read the global config " + dir);
    }

    @Test
    void effectiveUidMatchesTheOwnerOfAFileWeCreate() throws IOException {
        Path f = Files.createFile(tmp.resolve("mine"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        int owner = (Integer) Files.getAttribute(f, "unix:uid");
        assertThat(GlobalConfig.effectiveUid()).isEqualTo(owner);
    }

    @Test
    void valueIsOptionalOfTheRawText() {
        GlobalConfig c = GlobalConfig.load(tmp.resolve("absent.conf"), 0, Path.of("/root"));
        assertThat(c.value("lxc.lxcpath")).isEqualTo(Optional.of("/var/lib/lxc"));
    }
}
