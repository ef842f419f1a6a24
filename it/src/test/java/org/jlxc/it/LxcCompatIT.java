package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A container created by LXC's own lxc-create -t busybox, run once by LXC's lxc-execute and
 * once by jlxc execute: what a command inside sees must match.
 */
@Tag("privileged")
class LxcCompatIT {
    /** Each section prints one view of the container; sections are compared one by one. */
    private static final String PROBE = String.join("\n",
            "echo '== pid'; echo $$",
            "echo '== hostname'; hostname",
            // Builtins only: a pipeline's own processes would race with the listing.
            "echo '== processes'; for p in /proc/[0-9]*; do echo ${p#/proc/}; done | sort -n | head -n 2",
            "echo '== mounts'; awk '{ print $5, $(NF-2) }' /proc/self/mountinfo | sort",
            "echo '== ro'; for f in /proc/sys/kernel/hostname /sys/kernel/uevent_helper /proc/sysrq-trigger; do"
                    + " (echo x > $f) 2>/dev/null && echo \"$f writable\" || echo \"$f read-only\"; done",
            "echo '== dev'; ls -A /dev | sort",
            "echo '== devtypes'; for d in null zero full random urandom tty ptmx; do"
                    + " stat -c \"%n %F %t:%T\" /dev/$d; done; stat -c \"%n %F %t\" /dev/console",
            "echo '== pts'; ls /dev/pts | sort",
            "echo '== caps'; grep '^Cap' /proc/self/status",
            "echo '== ids'; id",
            "echo '== env'; env | grep -v -e '^PWD=' -e '^SHLVL=' -e '^_=' | sort",
            "echo '== netdevs'; ls /sys/class/net | sort",
            "echo '== cgroup'; cat /proc/self/cgroup | cut -d: -f3 | sort -u",
            "");

    @Test
    void aContainerCreatedByLxcLooksTheSameInsideUnderJlxc() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxc.lxcCreateBusybox("cmp", "");

            Cmd real = Cmd.run("lxc-execute", "-P", lxc.path(), "-n", "cmp", "--", "/bin/sh", "-c", PROBE).assertOk();
            Cmd ours = Cmd.jlxc("execute", "-P", lxc.path(), "-n", "cmp", "--", "/bin/sh", "-c", PROBE).assertOk();

            Map<String, String> expected = sections(real.out());
            Map<String, String> actual = sections(ours.out());
            assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
            for (String section : expected.keySet()) {
                assertThat(actual.get(section)).as("section " + section + "\nLXC:\n" + real.out()
                        + "\njlxc:\n" + ours.out()).isEqualTo(expected.get(section));
            }
        }
    }

    /**
     * Without CAP_SYS_ADMIN a container cannot mount its cgroups itself: LXC 5 mounts them for it
     * (a tmpfs on /sys/fs/cgroup and each hierarchy, in the container's cgroup namespace).
     */
    @Test
    void withoutCapSysAdminTheCgroupsAreMountedAsByLxc() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxc.lxcCreateBusybox("cmp", "");
            Files.writeString(lxc.config("cmp"), "lxc.cap.drop = sys_admin\n", java.nio.file.StandardOpenOption.APPEND);
            String probe = "grep cgroup /proc/mounts | sort; cat /proc/self/cgroup | cut -d: -f3 | sort -u";
            Cmd real = Cmd.run("lxc-execute", "-P", lxc.path(), "-n", "cmp", "--", "/bin/sh", "-c", probe).assertOk();
            Cmd ours = Cmd.jlxc("execute", "-P", lxc.path(), "-n", "cmp", "--", "/bin/sh", "-c", probe).assertOk();
            assertThat(real.out()).contains("none /sys/fs/cgroup tmpfs");
            assertThat(ours.out()).isEqualTo(real.out());
        }
    }

    private static Map<String, String> sections(String out) {
        Map<String, String> m = new LinkedHashMap<>();
        String current = null;
        StringBuilder b = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith("== ")) {
                if (current != null) m.put(current, b.toString());
                current = line.substring(3);
                b.setLength(0);
            } else {
                b.append(line).append('\n');
            }
        }
        if (current != null) m.put(current, b.toString());
        return m;
    }
}
