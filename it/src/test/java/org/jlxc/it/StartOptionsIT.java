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
            Cmd noCommand = Cmd.jlxc("start", "-P", lxc.path(), "-n", "nosuch", "-F");
            assertThat(noCommand.exit()).isEqualTo(1);
            assertThat(noCommand.err()).contains("no configuration file for 'nosuch'");
            // The host's init must never boot on the host's own root, however it is asked for.
            for (Cmd init : new Cmd[] {
                    Cmd.jlxc("start", "-P", lxc.path(), "-n", "nosuch", "-F", "-s", "lxc.init.cmd=/sbin/init"),
                    Cmd.jlxc("start", "-P", lxc.path(), "-n", "nosuch", "-F", "--", "/sbin/init"),
                    Cmd.jlxc("execute", "-P", lxc.path(), "-n", "nosuch", "--", "/sbin/init")}) {
                assertThat(init.exit()).as(init.toString()).isEqualTo(1);
                assertThat(init.err()).contains("no configuration file for 'nosuch'");
            }
        }
    }

    @Test
    void capabilityKeepNoneDropsThemAllAndKeepWithDropIsRefused() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            // busybox's config drops some capabilities; -s lxc.cap.drop= clears that list first.
            Cmd none = Cmd.jlxc("execute", "-P", lxc.path(), "-n", "bb", "-s", "lxc.cap.drop=",
                    "-s", "lxc.cap.keep=none", "--", "grep", "CapBnd", "/proc/self/status").assertOk();
            assertThat(none.out()).contains("0000000000000000");
            Cmd keep = Cmd.jlxc("execute", "-P", lxc.path(), "-n", "bb", "-s", "lxc.cap.drop=",
                    "-s", "lxc.cap.keep=sys_admin", "--", "grep", "CapBnd", "/proc/self/status").assertOk();
            assertThat(keep.out()).contains("0000000000200000");
            Cmd both = Cmd.jlxc("execute", "-P", lxc.path(), "-n", "bb", "-s", "lxc.cap.keep=sys_admin",
                    "--", "/bin/true");
            assertThat(both.exit()).isEqualTo(1);
            assertThat(both.err()).contains("mutually exclusive");
        }
    }

    @Test
    void includedFilesApplyTheirKeys() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            Path extra = lxc.dir.resolve("extra.conf");
            Files.writeString(extra, "lxc.uts.name = included\n");
            Path config = lxc.dir.resolve("bb/config");
            Files.writeString(config, Files.readString(config) + "lxc.include = " + extra + "\n");
            Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", "bb", "-F", "--", "hostname").assertOk();
            assertThat(r.out()).isEqualTo("included\n");
        }
    }

    @Test
    void anEnvironmentEntryWithoutValueTakesTheCallersOrFails() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            Cmd r = Cmd.jlxc("execute", "-P", lxc.path(), "-n", "bb", "-s", "lxc.environment=PATH",
                    "--", "/bin/sh", "-c", "echo \"$PATH\"").assertOk();
            assertThat(r.out()).isEqualTo(System.getenv("PATH") + "\n");
            Cmd unset = Cmd.jlxc("execute", "-P", lxc.path(), "-n", "bb", "-s", "lxc.environment=JLXC_NOT_SET_ANYWHERE",
                    "--", "/bin/true");
            assertThat(unset.exit()).isEqualTo(1);
            assertThat(unset.err()).contains("JLXC_NOT_SET_ANYWHERE is not set");
        }
    }

    @Test
    void killingTheCommandThatStartedTheContainerEndsTheContainer() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            FirstContainerIT.createBusybox(lxc);
            Process start = Cmd.spawnJlxc("start", "-P", lxc.path(), "-n", "bb", "-F", "--",
                    "/bin/sh", "-c", "touch /started; sleep 60");
            Path started = lxc.dir.resolve("bb/rootfs/started");
            for (int i = 0; i < 100 && !Files.exists(started); i++) Thread.sleep(100);
            assertThat(started).exists();
            java.util.List<ProcessHandle> shims = start.descendants().toList();
            start.destroyForcibly().waitFor(); // SIGKILL: no cleanup in the JVM
            for (ProcessHandle shim : shims) {
                shim.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            // The container ended with its shim; the next start cleans what the JVM left.
            Cmd again = Cmd.jlxc("start", "-P", lxc.path(), "-n", "bb", "-F", "--", "/bin/true");
            assertThat(again.exit()).as(again.toString()).isZero();
            assertThat(FirstContainerIT.cgroupLeft("bb")).isFalse();
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

    @Test
    void anEphemeralContainerIsGoneWithItsRunInBothModesAsUnderLxc() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxc.createBusybox("eph", "lxc.ephemeral = 1\n");
            Cmd f = lxc.jlxc("eph", "start", "-F", "--", "/bin/true");
            assertThat(f.exit()).as(f.toString()).isZero();
            assertThat(lxc.dir.resolve("eph")).as("destroyed after a foreground run").doesNotExist();

            lxc.createBusybox("eph", "lxc.ephemeral = 1\n");
            lxc.jlxc("eph", "start", "-d", "--", "/bin/sleep", "100").assertOk();
            assertThat(lxc.dir.resolve("eph/rootfs")).as("kept while it runs").isDirectory();
            lxc.jlxc("eph", "stop", "-k").assertOk();
            assertThat(lxc.dir.resolve("eph")).as("destroyed after a daemon's stop").doesNotExist();
            assertThat(FirstContainerIT.cgroupLeft("eph")).isFalse();

            lxc.lxcCreateBusybox("ephl", "lxc.ephemeral = 1\n");
            Cmd l = Cmd.run("lxc-start", "-P", lxc.path(), "-n", "ephl", "-F", "--", "/bin/true");
            assertThat(l.exit()).as(l.toString()).isZero();
            assertThat(lxc.dir.resolve("ephl")).as("LXC does the same").doesNotExist();
        }
    }
}
