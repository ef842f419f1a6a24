package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** lxc-start's command line and the container object's checks, through the distribution. */
@Tag("privileged")
class StartOptionsIT {

    @Test
    void definesOverrideTheConfig() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", "bb", "-F", "-s", "lxc.uts.name=other",
                    "--define", "lxc.environment=FOO=bar", "--", "/bin/sh", "-c", "hostname; echo $FOO").assertOk();
            assertThat(r.out()).isEqualTo("other\nbar\n");
            Cmd bad = Cmd.jlxc("start", "-P", lxc.path(), "-n", "bb", "-F", "-s", "lxc.nosuch=1", "--", "/bin/true");
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("lxc.nosuch");
        }
    }

    @Test
    void aContainerWithoutConfigRunsACommandInFreshNamespacesButNotTheHostsInit() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", "nosuch", "-F", "--",
                    "/bin/sh", "-c", "echo $$; test -d /usr/bin && echo hostroot").assertOk();
            assertThat(r.out()).isEqualTo("1\nhostroot\n");
            Cmd init = Cmd.jlxc("start", "-P", lxc.path(), "-n", "nosuch", "-F");
            assertThat(init.exit()).isEqualTo(1);
            assertThat(init.err()).contains("refusing to run /sbin/init");
        }
    }

    @Test
    void anAbandonedCreationIsCleanedUpInsteadOfStarted() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            Files.writeString(lxc.dir.resolve("bb/partial"), "");
            Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", "bb", "-F", "--", "/bin/true");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("did not complete");
            assertThat(lxc.dir.resolve("bb")).doesNotExist();
        }
    }

    @Test
    void cgroupForceMountsTheContainersOwnCgroups() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", "bb", "-F", "-s", "lxc.mount.auto=cgroup:mixed:force",
                    "--", "/bin/sh", "-c", "ls /sys/fs/cgroup; cat /sys/fs/cgroup/memory/cgroup.procs; "
                            + "cat /proc/self/cgroup").assertOk();
            assertThat(r.out()).contains("memory\n", "unified\n", "pids\n");
            // The namespace's root is the container's cgroup: it holds init (PID 1).
            assertThat(r.out()).containsPattern("(?m)^1$");
            assertThat(r.out()).contains("memory:/\n");
        }
    }

    @Test
    void theTerminalIsTheContainersConsole() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            String jlxc = Cmd.jlxcHome().resolve("bin/jlxc").toString();
            Cmd r = Cmd.run("script", "-qec", jlxc + " start -P " + lxc.path() + " -n bb -F -- /bin/sh -c "
                    + "'tty; test -t 0 && echo stdin-is-a-terminal; exit 4'", "/dev/null");
            assertThat(r.exit()).as(r.toString()).isEqualTo(4);
            assertThat(r.out()).contains("/dev/console", "stdin-is-a-terminal");
        }
    }

    @Test
    void nothingMountedInTheContainerPropagatesToASharedHostRoot() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            String jlxc = Cmd.jlxcHome().resolve("bin/jlxc").toString();
            Path rootfs = lxc.dir.resolve("bb/rootfs");
            // A mount namespace of the test's own whose mounts are all shared, as on systemd hosts.
            String script = "mount --make-rshared / && "
                    + jlxc + " start -P " + lxc.path() + " -n bb -F -- /bin/sh -c 'touch /ready; sleep 2' & "
                    + "i=0; while [ ! -e " + rootfs + "/ready ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; "
                    + "echo leaked=$(grep -c ' " + rootfs + "' /proc/self/mountinfo); wait";
            Cmd r = Cmd.run("unshare", "--mount", "--propagation", "unchanged", "sh", "-c", script).assertOk();
            assertThat(r.out()).contains("leaked=0");
        }
    }
}
