package org.jlxc.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostTemplateTest {
    @TempDir
    Path tmp;

    List<String> run(Template template, Path rootfs, String... args) throws TemplateException {
        List<String> config = new ArrayList<>();
        template.create(new TemplateContext("h", tmp, rootfs, List.of(args), line -> { }, config::add));
        return config;
    }

    @Test
    void splitUsrHostGetsBindsMergedUsrHostGetsItsSymlinks() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.createDirectories(host.resolve("usr/bin"));
        Files.createDirectories(host.resolve("bin"));                        // a real directory: bound
        Files.createSymbolicLink(host.resolve("lib"), Path.of("usr/lib"));   // merged: same symlink
        Files.createSymbolicLink(host.resolve("lib64"), Path.of("/usr/lib64"));
        Files.createDirectories(host.resolve("etc/alternatives"));
        Files.writeString(host.resolve("etc/ld.so.cache"), "cache");
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));

        List<String> config = run(new HostTemplate(host), rootfs);

        assertThat(rootfs.resolve("bin")).isDirectory();
        assertThat(Files.isSymbolicLink(rootfs.resolve("bin"))).isFalse();
        assertThat(Files.readSymbolicLink(rootfs.resolve("lib"))).isEqualTo(Path.of("usr/lib"));
        assertThat(Files.readSymbolicLink(rootfs.resolve("lib64"))).isEqualTo(Path.of("/usr/lib64"));
        assertThat(rootfs.resolve("sbin")).doesNotExist();
        assertThat(rootfs.resolve("etc/ld.so.cache")).isEmptyFile();
        assertThat(rootfs.resolve("etc/alternatives")).isEmptyDirectory();
        assertThat(config).contains(
                "lxc.mount.entry = /usr usr none ro,bind 0 0",
                "lxc.mount.entry = /bin bin none ro,bind 0 0",
                "lxc.mount.entry = /etc/ld.so.cache etc/ld.so.cache none ro,bind,optional 0 0",
                "lxc.mount.entry = /etc/alternatives etc/alternatives none ro,bind,optional 0 0",
                "lxc.init.cmd = /bin/sh");
        assertThat(config).noneMatch(l -> l.contains(" lib none") || l.contains("/etc etc"));
        assertThat(Files.readString(rootfs.resolve("etc/passwd"))).startsWith("root:x:0:0:");
        assertThat(Files.readString(rootfs.resolve("etc/hosts"))).contains("127.0.1.1\th\n");
    }

    @Test
    void initCommandArgument() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        List<String> config = run(new HostTemplate(Files.createDirectories(tmp.resolve("host"))), rootfs,
                "--init-cmd", "/usr/bin/sleep infinity");
        assertThat(config).contains("lxc.init.cmd = /usr/bin/sleep infinity");
    }

    @Test
    void unknownArgumentsAreErrors() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        HostTemplate template = new HostTemplate(tmp);
        assertThatThrownBy(() -> run(template, rootfs, "--nope=1")).hasMessageContaining("unrecognized option '--nope'");
        assertThatThrownBy(() -> run(template, rootfs, "stray")).hasMessageContaining("unexpected argument 'stray'");
        assertThatThrownBy(() -> run(template, rootfs, "--init-cmd")).hasMessageContaining("requires an argument");
    }
}
