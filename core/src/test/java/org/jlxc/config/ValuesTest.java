package org.jlxc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {
    @TempDir
    Path tmp;

    private ContainerConfig set(String key, String value) throws ConfigException {
        ContainerConfig c = ContainerConfig.empty(w -> { });
        c.set(key, value, Origin.commandLine());
        return c;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lxc.signal.halt | SIGPWR | 30", "lxc.signal.halt | sigusr1 | 10", "lxc.signal.halt | PWR | 30",
        "lxc.signal.halt | SIGRTMIN+3 | 37", "lxc.signal.halt | RTMIN+3 | 37", "lxc.signal.stop | 9 | 9",
        "lxc.signal.reboot | SIGRTMAX-2 | 62", "lxc.signal.reboot | SIGRTMIN | 34",
        "lxc.monitor.signal.pdeath | 0 | 0"})
    void goodSignals(String key, String value, int expected) throws Exception {
        assertThat(set(key, value).get(key)).containsExactly(Integer.toString(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lxc.signal.halt | SIGFOO | not a signal", "lxc.signal.halt | 65 | not a signal",
        "lxc.signal.halt | SIGRTMIN+40 | not a signal", "lxc.signal.halt | SIGRTMAX+1 | not a signal",
        "lxc.tty.max | -1 | out of range", "lxc.tty.max | x | not a number", "lxc.autodev | yes | must be 0 or 1",
        "lxc.log.level | 9 | out of range", "lxc.log.level | LOUD | not a log level",
        "lxc.uts.name | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | longer than 64",
        "lxc.cap.drop | sys_module bogus | unknown capability \"bogus\"", "lxc.cap.drop | 99 | unknown capability",
        "lxc.cap.drop | none | unknown capability",
        "lxc.mount.auto | proc sys:bogus | invalid filesystem to automount: sys:bogus",
        "lxc.mount.auto | cgroup:mixed:rw | invalid filesystem", "lxc.mount.auto | shmounts: | shmounts takes",
        "lxc.idmap | x 0 1 2 | expected: u|g", "lxc.idmap | u 0 1 | expected: u|g", "lxc.idmap | u 0 1 0 | out of range",
        "lxc.net.0.type | bridge | must be one of", "lxc.net.0.hwaddr | 00:16:3e:zz:00:00 | not a MAC",
        "lxc.net.0.ipv4.address | 10.0.0.256/24 | not an IPv4", "lxc.net.0.ipv4.address | 10.0.0.1/33 | out of range",
        "lxc.net.0.ipv6.address | fd00::1::2 | not an IPv6", "lxc.net.0.ipv6.address | 1:2:3 | not an IPv6",
        "lxc.net.0.mtu | 20 | out of range", "lxc.net.0.flags | down | only \"up\"",
        "lxc.net.0.link | averyveryverylongname | not a name", "lxc.net.0.vlan.id | 5000 | out of range",
        "lxc.net.0.ipv4.gateway | nowhere | not an IPv4", "lxc.rootfs.path | rel/path | not an absolute path",
        "lxc.rootfs.path | dir: | empty path", "lxc.mount.entry | onlyone | expected: source target fstype",
        "lxc.mount.entry | a b c rw,create=link | create= must be dir or file", "lxc.prlimit.nofile | lots | not a number",
        "lxc.namespace.clone | mnt bogus | unknown namespace", "lxc.init.cwd | relative | not an absolute path",
        "lxc.init.groups | 1,x | not a number", "lxc.console.size | 5XB | not a size",
        "lxc.time.offset.boot | 10 | not a time offset", "lxc.log.syslog | mail | must be one of",
        "lxc.seccomp.notify.proxy | /tmp/s | must be unix:", "lxc.environment | =x | not NAME=VALUE",
        "lxc.arch | vax | must be one of"})
    void badValues(String key, String value, String reason) {
        assertThatThrownBy(() -> set(key, value))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("command line (-s): " + key + ": invalid value \"" + value + "\": ")
                .hasMessageContaining(reason);
    }

    @Test
    void printing() throws Exception {
        ContainerConfig c = ContainerConfig.empty(w -> { });
        String[][] lines = {
            {"lxc.log.level", "3", "NOTICE"}, {"lxc.autodev", "1", "1"}, {"lxc.uts.name", "h1", "h1"},
            {"lxc.mount.auto", "proc sys cgroup:mixed:force", "proc:mixed sys:mixed cgroup:mixed:force"},
            {"lxc.cap.keep", "CAP_SYS_ADMIN 0", "sys_admin chown"}, {"lxc.idmap", "g 0 1000 1", "g 0 1000 1"},
            {"lxc.net.0.ipv4.address", "10.0.0.2", "10.0.0.2/8"}, {"lxc.net.0.ipv4.address", "172.16.0.1", "172.16.0.1/16"},
            {"lxc.console.buffer.size", "1MB", "1048576"}, {"lxc.console.size", "auto", "auto"},
            {"lxc.init.groups", "10,20", "10,20"}, {"lxc.prlimit.nofile", "10:unlimited", "10:unlimited"},
            {"lxc.mount.entry", "/a\\040b mnt/x none bind,create=dir", "/a\\040b mnt/x none bind,create=dir 0 0"}};
        for (String[] l : lines) {
            c.set(l[0], l[1], Origin.api());
        }
        for (String[] l : lines) {
            assertThat(c.get(l[0])).as(l[0]).contains(l[2]);
        }
        assertThatThrownBy(() -> c.get("lxc.foo")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mountAutoModel() throws Exception {
        MountAuto m = set("lxc.mount.auto", "proc:rw sys cgroup-full:ro cgroup2:ro:force shmounts:/h").mountAuto();
        assertThat(m).isEqualTo(new MountAuto(MountAuto.Proc.RW, MountAuto.Sys.MIXED, MountAuto.Cgroup.FULL_RO, false,
                MountAuto.Cgroup2.RO, true, "/h", MountAuto.DEFAULT_SHMOUNTS_CONTAINER));
        assertThat(set("lxc.mount.auto", "cgroup:force sys:ro").mountAuto())
                .extracting(MountAuto::cgroup, MountAuto::cgroupForce, MountAuto::sys, MountAuto::proc)
                .containsExactly(MountAuto.Cgroup.DEFAULT, true, MountAuto.Sys.RO, MountAuto.Proc.NONE);
        assertThat(ContainerConfig.empty().mountAuto()).isEqualTo(MountAuto.NONE);
    }

    @Test
    void mountEntries() throws Exception {
        ContainerConfig c = set("lxc.mount.entry", "/dev/null dev/x\\040y none bind,optional,create=file,relative,ro");
        MountEntry e = c.mountEntries().getFirst();
        assertThat(e.source()).isEqualTo("/dev/null");
        assertThat(e.target()).isEqualTo("dev/x y");
        assertThat(e.fstype()).isEqualTo("none");
        assertThat(e.options()).containsExactly("bind", "optional", "create=file", "relative", "ro");
        assertThat(e.mountOptions()).containsExactly("bind", "ro");
        assertThat(e.optional()).isTrue();
        assertThat(e.relative()).isTrue();
        assertThat(e.create()).isEqualTo("file");
        assertThat(e.dump()).isZero();
        assertThat(e.origin()).isEqualTo(Origin.commandLine());
        assertThat(MountEntry.parse("proc proc proc nodev 1 2", Origin.api()))
                .extracting(MountEntry::dump, MountEntry::pass).containsExactly(1, 2);
    }

    @Test
    void fstabFile() throws Exception {
        Path f = tmp.resolve("fstab");
        java.nio.file.Files.writeString(f, "# comment\n\nproc proc proc nodev,noexec 0 0\nsysfs sys sysfs ro 0 0\nbad\n");
        assertThatThrownBy(() -> MountEntry.readFstab(f)).hasMessageStartingWith(f + ":5: invalid fstab entry \"bad\"");
        java.nio.file.Files.writeString(f, "proc proc proc nodev,noexec 0 0\n# x\nsysfs sys sysfs ro 0 0\n");
        List<MountEntry> entries = MountEntry.readFstab(f);
        assertThat(entries).extracting(MountEntry::target).containsExactly("proc", "sys");
        assertThat(entries.get(1).origin()).isEqualTo(new Origin(f, 3));
    }

    @Test
    void rootfs() throws Exception {
        ContainerConfig c = set("lxc.rootfs.path", "dir:/var/lib/lxc/c/rootfs");
        c.set("lxc.rootfs.mount", "/usr/lib/lxc/rootfs", Origin.api());
        c.set("lxc.rootfs.options", "idmap=container", Origin.api());
        assertThat(c.rootfs()).isEqualTo(new Rootfs("dir", "/var/lib/lxc/c/rootfs", "/usr/lib/lxc/rootfs",
                "idmap=container", null));
        assertThat(set("lxc.rootfs.path", "overlay:/a:/b").rootfs()).extracting(Rootfs::type, Rootfs::path)
                .containsExactly("overlay", "/a:/b");
        assertThat(ContainerConfig.empty().rootfs()).isNull();
    }

    @Test
    void signalsAndCapabilitiesTables() {
        assertThat(Signals.name(30)).isEqualTo("SIGPWR");
        assertThat(Signals.name(37)).isEqualTo("SIGRTMIN+3");
        assertThat(Signals.parse("sigcld")).contains(17);
        assertThat(Capability.parse("checkpoint_restore")).hasValue(40);
        assertThat(Capability.parse("41")).isEmpty();
        assertThat(Capability.name(21)).isEqualTo("sys_admin");
        assertThat(ContainerConfig.empty().haltSignal()).isNull();
    }

    @Test
    void capKeepNone() throws Exception {
        ContainerConfig c = set("lxc.cap.keep", "none");
        assertThat(c.capKeepNone()).isTrue();
        assertThat(c.capKeep()).isEmpty();
    }
}
