package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** lxc.seccomp.profile: the filter LXC would load, loaded where LXC loads it. */
@Tag("privileged")
class SeccompIT {
    private static final String COMMON = "/usr/share/lxc/config/common.seccomp";

    private static Cmd execute(Lxcpath lxc, String name, String script) {
        return lxc.jlxc(name, "execute", "--", "/bin/sh", "-c", script);
    }

    @Test
    void commonSeccompRefusesForcedUnmountsAndConfinesInit() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxc.createBusybox("sc-common", "lxc.seccomp.profile = " + COMMON + "\n");
            Cmd r = execute(lxc, "sc-common", String.join("; ",
                    "grep ^Seccomp: /proc/1/status",
                    "mkdir -p /tmp/m && mount -t tmpfs t /tmp/m",
                    "umount -f /tmp/m 2>&1 || echo forced-refused",
                    "umount /tmp/m && echo plain-ok"));
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains("Seccomp:\t2").contains("Permission denied").contains("forced-refused")
                    .contains("plain-ok");
            // lxc-start too (init is the busybox's /sbin/init here): the start hook runs under the filter
            Path rootfs = lxc.dir.resolve("sc-common/rootfs");
            Files.writeString(rootfs.resolve("hook.sh"), "#!/bin/sh\ngrep ^Seccomp: /proc/self/status >/hook-mark\n");
            rootfs.resolve("hook.sh").toFile().setExecutable(true);
            Files.writeString(lxc.config("sc-common"), "lxc.hook.start = /hook.sh\n", java.nio.file.StandardOpenOption.APPEND);
            Cmd s = lxc.jlxc("sc-common", "start", "-F", "--", "/bin/true");
            assertThat(s.exit()).as(s.toString()).isZero();
            assertThat(Files.readString(rootfs.resolve("hook-mark"))).isEqualTo("Seccomp:\t2\n");
        }
    }

    @Test
    void aDeniedCallFailsWithItsErrnoAsUnderLxc() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            Path profile = Files.writeString(lxc.dir.resolve("deny.seccomp"),
                    "2\ndenylist\nsethostname errno 1\nkill errno 13 [1,10,==]\n");
            String extra = "lxc.seccomp.profile = " + profile + "\n";
            // kill(2) with SIGUSR1 (10) is refused, with signal 0 it is not.
            String probe = "hostname sc-x 2>&1; echo rc=$?; kill -USR1 $$ 2>&1; echo rc=$?; "
                    + "kill -0 $$ && echo signal-0-ok";
            lxc.createBusybox("sc-deny", extra);
            Cmd ours = execute(lxc, "sc-deny", probe);
            assertThat(ours.out()).as(ours.toString()).contains("Operation not permitted").contains("Permission denied")
                    .contains("signal-0-ok").doesNotContain("rc=0");
            // The same profile in a container made and run by LXC itself: the same result.
            lxc.lxcCreateBusybox("sc-lxc", extra);
            Cmd real = Cmd.run("lxc-execute", "-P", lxc.path(), "-n", "sc-lxc", "--", "/bin/sh", "-c", probe);
            assertThat(ours.out()).isEqualTo(real.out());
            assertThat(ours.exit()).isEqualTo(real.exit());
        }
    }

    @Test
    void anAllowlistRefusesWhatItDoesNotName() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            // Every x86_64 call but mkdir and mkdirat; the rest gets ENOSYS.
            List<String> names = new ArrayList<>();
            for (String l : Files.readAllLines(Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"))) {
                if (l.startsWith("#define __NR_")) {
                    String n = l.substring("#define __NR_".length()).split("\\s+")[0];
                    if (!n.equals("mkdir") && !n.equals("mkdirat")) names.add(n);
                }
            }
            Path profile = Files.writeString(lxc.dir.resolve("allow.seccomp"),
                    "2\nallowlist errno 38\n" + String.join("\n", names) + "\n");
            lxc.createBusybox("sc-allow", "lxc.seccomp.profile = " + profile + "\n");
            Cmd r = execute(lxc, "sc-allow", "mkdir /tmp/x 2>&1; echo rc=$?; touch /tmp/y && echo touched");
            assertThat(r.out()).as(r.toString()).contains("Function not implemented").contains("rc=1")
                    .contains("touched");
        }
    }

    @Test
    void aProfileWithAnErrorFailsTheStartNamingItsLineAndLeavesNothing() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            Path profile = Files.writeString(lxc.dir.resolve("bad.seccomp"), "2\ndenylist\nmkdir errno 1\nrmdir frob\n");
            Path config = lxc.createBusybox("sc-bad", "lxc.seccomp.profile = " + profile + "\n");
            int line = Files.readAllLines(config).size();
            Cmd r = lxc.jlxc("sc-bad", "start", "-F", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains(profile + ":4: unrecognized seccomp action \"frob\"")
                    .contains("(lxc.seccomp.profile, " + config + ":" + line + ")");
            assertThat(FirstContainerIT.cgroupLeft("sc-bad")).isFalse();
            assertThat(lxc.jlxc("sc-bad", "info", "-s").out()).contains("STOPPED");
        }
    }

    /** Every LXC distro config includes common.conf: its seccomp line no longer stops the start. */
    @Test
    void lxcsCommonConfIsNoLongerRefusedForItsSeccompProfile() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxc.createBusybox("sc-conf", "lxc.include = /usr/share/lxc/config/common.conf\n");
            Cmd r = lxc.jlxc("sc-conf", "start", "-F", "--", "/bin/true");
            System.out.println("common.conf start: exit " + r.exit() + ": " + r.err());
            assertThat(r.err()).doesNotContain("seccomp");
        }
    }
}
