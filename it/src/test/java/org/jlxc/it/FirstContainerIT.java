package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real containers started through the built distribution, as a user runs them (root). */
@Tag("privileged")
class FirstContainerIT {

    @Test
    void busyboxContainerRunsACommandInItsOwnNamespaces() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            createBusybox(lxc);
            Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", "bb", "-F", "--",
                    "/bin/sh", "-c", "echo pid=$$; hostname; for p in /proc/[0-9]*; do echo proc=${p#/proc/}; done; cat /proc/1/cmdline; echo; id -u; "
                            + "test -c /dev/null && echo devnull; grep -c ' / ' /proc/self/mountinfo; env | sort").assertOk();
            assertThat(r.out()).contains("pid=1\n", "bb\n", "devnull\n", "container=lxc\n");
            // Only the shell and what it runs: the host's processes are invisible.
            assertThat(r.out()).contains("proc=1\n").doesNotContain("proc=2\n");
            assertThat(cgroupLeft("bb")).isFalse();
        }
    }

    @Test
    void startReturnsTheCommandsExitStatus() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            createBusybox(lxc);
            Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", "bb", "-F", "--", "/bin/sh", "-c", "exit 7");
            assertThat(r.exit()).as(r.toString()).isEqualTo(7);
        }
    }

    @Test
    void executeRunsUnderAMinimalInitAndPassesExitCodesAndSignals() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            createBusybox(lxc);
            Cmd ps = Cmd.jlxc("execute", "-P", lxc.path(), "-n", "bb", "--", "/bin/sh", "-c",
                    "echo $$; cat /proc/1/cmdline | tr '\\0' ' '; echo").assertOk();
            assertThat(ps.out()).startsWith("2\n").contains("jlxc-init");
            Cmd exit = Cmd.jlxc("execute", "-P", lxc.path(), "-n", "bb", "--", "/bin/sh", "-c", "exit 3");
            assertThat(exit.exit()).as(exit.toString()).isEqualTo(3);
            Cmd killed = Cmd.jlxc("execute", "-P", lxc.path(), "-n", "bb", "--", "/bin/sh", "-c", "kill -TERM $$");
            assertThat(killed.exit()).as(killed.toString()).isEqualTo(128 + 15);
        }
    }

    @Test
    void aKeyThatIsNotEnforcedYetFailsTheStartWithItsLine() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            createBusybox(lxc);
            Path config = lxc.dir.resolve("bb/config");
            Files.writeString(config, Files.readString(config) + "lxc.seccomp.notify.proxy = unix:/x\n");
            int line = Files.readAllLines(config).size();
            Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", "bb", "-F", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("not supported yet: lxc.seccomp.notify.proxy (" + config + ":" + line + ")");
            assertThat(cgroupLeft("bb")).isFalse();
        }
    }

    @Test
    void aFailingMountNamesTheConfigLineAndLeavesNothingBehind() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            createBusybox(lxc);
            Path config = lxc.dir.resolve("bb/config");
            Files.writeString(config, Files.readString(config) + "lxc.mount.entry = /nonexistent mnt none bind 0 0\n");
            int line = Files.readAllLines(config).size();
            Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", "bb", "-F", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("ENOENT").contains(config + ":" + line);
            assertThat(cgroupLeft("bb")).isFalse();
        }
    }

    @Test
    void anOptionalMountThatFailsIsSkipped() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            createBusybox(lxc);
            Path config = lxc.dir.resolve("bb/config");
            Files.writeString(config, Files.readString(config)
                    + "lxc.mount.entry = /nonexistent mnt none bind,optional 0 0\n"
                    + "lxc.mount.entry = tmpfs srv/data tmpfs size=1m,create=dir 0 0\n");
            Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", "bb", "-F", "--",
                    "/bin/sh", "-c", "grep ' /srv/data ' /proc/self/mountinfo").assertOk();
            assertThat(r.out()).contains("tmpfs");
        }
    }

    /** A busybox container with no network device (the default config asks for a veth). */
    static void createBusybox(Lxcpath lxc) throws Exception {
        lxc.createBusybox("bb");
    }

    static boolean cgroupLeft(String name) throws Exception {
        try (var s = Files.walk(Path.of("/sys/fs/cgroup"), 3)) {
            return s.anyMatch(p -> p.getFileName().toString().equals("lxc.payload." + name));
        }
    }
}
