package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * lxc-attach on busybox containers made by lxc-create: one started by jlxc (attached with jlxc
 * attach), its twin started by LXC (attached with LXC's lxc-attach), where the outputs must agree.
 */
@Tag("privileged")
class AttachIT {
    private static Cmd lxcAttach(Lxcpath lxc, String name, String... args) {
        List<String> argv = new ArrayList<>(List.of("lxc-attach", "-P", lxc.path(), "-n", name));
        argv.addAll(List.of(args));
        return Cmd.run(argv);
    }

    /** What no attach may leave: a shim still running for the container, a process in its leaf cgroup. */
    private static void assertNothingLeft(String name) throws Exception {
        List<String> shims = ProcessHandle.allProcesses()
                .map(p -> p.info().arguments().map(a -> String.join(" ", a)).orElse(""))
                .filter(a -> a.startsWith("attach --name " + name + " ")).toList();
        assertThat(shims).as("attach shims left").isEmpty();
        Path leaf = Path.of("/sys/fs/cgroup/unified/lxc.payload." + name + "/.lxc/cgroup.procs");
        if (Files.exists(leaf)) assertThat(Files.readString(leaf)).as("processes left in " + leaf).isEmpty();
    }

    @Test
    void attachRunsInTheContainerAsLxcAttachDoes() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            String j = "atj", l = "atl", p = lxc.path();
            lxc.lxcCreateBusybox(j, "");
            lxc.lxcCreateBusybox(l, "");
            Cmd stopped = lxc.jlxc(j, "attach", "--", "/bin/true");
            assertThat(stopped.exit()).as("a stopped container").isEqualTo(1);
            assertThat(stopped.err()).isEqualTo("lxc-attach: atj is not running\n");
            try {
                lxc.jlxc(j, "start", "-d", "--", "/bin/sleep", "100").assertOk();
                Cmd.run("lxc-start", "-P", p, "-n", l, "-d", "--", "/bin/sleep", "100").assertOk();

                assertThat(lxc.jlxc(j, "attach", "--", "/bin/hostname").assertOk().out()).isEqualTo(j + "\n");
                assertThat(lxcAttach(lxc, l, "--", "/bin/hostname").out()).isEqualTo(l + "\n");

                // The same cgroups (the cgroup2 leaf .lxc, as LXC 5), bounding set, ids, cwd as LXC's.
                for (List<String> cmd : List.of(List.of("cat", "/proc/self/cgroup"),
                        List.of("sh", "-c", "grep Cap /proc/self/status; pwd; id"),
                        List.of("-u", "1000", "-g", "1000", "--", "id"),
                        List.of("--clear-env", "-v", "FOO=bar", "--", "env"),
                        List.of("-e", "--", "sh", "-c", "grep CapBnd /proc/self/status; cat /proc/self/cgroup"),
                        List.of("-eCAP", "--", "sh", "-c", "grep CapBnd /proc/self/status; grep 0:: /proc/self/cgroup"),
                        List.of("-s", "UTSNAME|PID", "--", "sh", "-c", "hostname; cat /proc/self/cgroup"))) {
                    List<String> args = cmd.contains("--") ? cmd : new ArrayList<>(List.of("--"));
                    if (!cmd.contains("--")) args.addAll(cmd);
                    Cmd ours = lxc.jlxc(j, "attach", args.toArray(String[]::new));
                    Cmd theirs = lxcAttach(lxc, l, args.toArray(String[]::new));
                    assertThat(ours.exit()).as(args + ": exit").isEqualTo(theirs.exit()).isZero();
                    assertThat(ours.out().replace(j, "NAME")).as(args.toString()).isEqualTo(theirs.out().replace(l, "NAME"));
                }
                assertThat(lxc.jlxc(j, "attach", "--", "cat", "/proc/self/cgroup").out()).contains("0::/.lxc\n");
                assertThat(lxc.jlxc(j, "attach", "-u", "1000", "-g", "1000", "--", "id").out()).isEqualTo("uid=1000 gid=1000\n");
                assertThat(lxc.jlxc(j, "attach", "--clear-env", "-v", "FOO=bar", "--", "env").out())
                        .isEqualTo("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\ncontainer=lxc\nFOO=bar\n");

                // -s NETWORK: the container's interfaces (only its loopback), the host's files.
                Cmd net = lxc.jlxc(j, "attach", "-s", "NETWORK", "--", "sh", "-c", "cat /proc/net/dev; ls -d " + p);
                assertThat(net.exit()).isZero();
                assertThat(net.out()).contains(" lo:").doesNotContain("eth0:").endsWith(p + "\n");

                // Exit statuses as LXC's: the command's, 128+N for signal N, 127 for a missing command.
                for (List<String> cmd : List.of(List.of("sh", "-c", "exit 7"), List.of("sh", "-c", "kill -9 $$"),
                        List.of("/no/such/command"))) {
                    List<String> args = new ArrayList<>(List.of("--"));
                    args.addAll(cmd);
                    Cmd ours = lxc.jlxc(j, "attach", args.toArray(String[]::new));
                    assertThat(ours.exit()).as(cmd.toString()).isEqualTo(lxcAttach(lxc, l, args.toArray(String[]::new)).exit());
                }
                assertThat(lxc.jlxc(j, "attach", "--", "sh", "-c", "exit 7").exit()).isEqualTo(7);
                Cmd missing = lxc.jlxc(j, "attach", "--", "/no/such/command");
                assertThat(missing.exit()).isEqualTo(127);
                assertThat(missing.err()).isEqualTo("lxc-attach: atj: Failed to exec \"/no/such/command\": No such file or directory\n");

                // A terminal on stdin (script(1)): a pty from the container's devpts, as LXC 5's.
                String jlxc = Cmd.jlxcHome().resolve("bin/jlxc") + " attach -P " + p + " -n " + j;
                String probe = " -- sh -c 'test -t 0 && tty; ls /dev/pts; exit 4'";
                Cmd ourPty = Cmd.run("script", "-qec", jlxc + probe, "/dev/null");
                Cmd theirPty = Cmd.run("script", "-qec", "lxc-attach -P " + p + " -n " + l + probe, "/dev/null");
                assertThat(ourPty.exit()).isEqualTo(4).isEqualTo(theirPty.exit());
                // LXC leaves the outer terminal's output processing on ("\r\r\n"); jlxc's raw mode, as
                // lxc-console's, does not: the same on a screen.
                assertThat(ourPty.out()).startsWith("/dev/pts/").contains("ptmx\r\n")
                        .isEqualTo(theirPty.out().replace("\r\r\n", "\r\n"));

                Cmd badNs = lxc.jlxc(j, "attach", "-s", "NETWORK|FOO", "--", "true");
                assertThat(badNs.exit()).isEqualTo(1);
                assertThat(badNs.err()).contains("Invalid namespace name \"FOO\"");
                assertThat(lxc.jlxc(j, "attach", "-u", "abc", "--", "id").exit()).isEqualTo(1);
                assertNothingLeft(j);
            } finally {
                lxc.jlxc(j, "stop", "-k");
                Cmd.run("lxc-stop", "-P", p, "-n", l, "-k");
            }
            assertThat(Path.of("/sys/fs/cgroup/unified/lxc.payload." + j)).as("the leaf went with the container").doesNotExist();
        }
    }
}
