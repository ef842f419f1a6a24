package org.jlxc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jlxc.cgroup.CgroupLayout;
import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.cgroup.Hierarchy;
import org.jlxc.config.ContainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachTest {
    @TempDir Path tmp;

    private static final Path SHIM = Path.of("/opt/jlxc/libexec/jlxc-shim");

    /** Init (pid 42) has its own mnt, pid, uts, ipc, net, cgroup; user and time are ours. */
    private static final class FakeHost implements Attach.Host {
        String passwdInside = "root:x:0:0:root:/root:/bin/ash\nbob:x:1000:1000::/home/bob:/bin/zsh\n";
        String passwdHost = "root:x:0:0:root:/root:/bin/bash\n";
        boolean terminal;

        @Override
        public boolean terminal() {
            return terminal;
        }

        @Override
        public String namespace(String pid, String kind) {
            if (kind.equals("time") && pid.equals("42")) return null; // a kernel without it
            boolean own = pid.equals("42") && !kind.equals("user");
            return kind + ":[" + (own ? 5000 : 4000) + kind.length() + "]";
        }

        @Override
        public String passwd(int initPid, boolean containerMounts) {
            return containerMounts ? passwdInside : passwdHost;
        }
    }

    private ContainerConfig config(String text) throws Exception {
        Path f = tmp.resolve("config");
        Files.writeString(f, text);
        return ContainerConfig.load(f, w -> {});
    }

    private static ContainerCgroup cgroup() {
        return ContainerCgroup.of(new CgroupLayout(List.of(
                new Hierarchy(Path.of("/sys/fs/cgroup/pids"), List.of("pids"), false, "/"),
                new Hierarchy(Path.of("/sys/fs/cgroup/unified"), List.of(), true, "/"))), "c1");
    }

    private Attach.Plan plan(ContainerConfig config, AttachRequest req) {
        return plan(config, req, new FakeHost());
    }

    private Attach.Plan plan(ContainerConfig config, AttachRequest req, FakeHost host) {
        return Attach.plan(SHIM, "c1", 42, config, cgroup(), req,
                Map.of("HOME", "/root", "PATH", "/host/bin", "FOO", "1"), "/work", host);
    }

    private static AttachRequest req(Set<String> ns, Set<AttachRequest.Privilege> elevated, boolean clearEnv,
                                     List<String> keep, List<String> set, Integer uid, List<String> command) {
        return new AttachRequest(ns, elevated, false, clearEnv, keep, set, uid, null, command, null);
    }

    @Test
    void byDefaultEveryNamespaceOfInitsThatIsNotOursTheCgroupsAndTheCapabilityDrop() throws Exception {
        Attach.Plan p = plan(config("lxc.cap.drop = sys_module mac_admin\n"), AttachRequest.of(List.of("/bin/hostname")));
        assertThat(p.argv()).containsExactly(SHIM.toString(), "attach", "--name", "c1", "--pid", "42",
                "--ns", "mnt", "--ns", "pid", "--ns", "uts", "--ns", "ipc", "--ns", "net", "--ns", "cgroup",
                "--cgroup", "/sys/fs/cgroup/pids/lxc.payload.c1",
                "--cgroup-leaf", "/sys/fs/cgroup/unified/lxc.payload.c1",
                "--cap-drop", Long.toHexString((1L << 16) | (1L << 33)),
                "--uid", "0", "--gid", "0", "--cwd", "/work", "--", "/bin/hostname");
    }

    @Test
    void namespacesGivenAreJoinedAloneInLxcsOrderAndImplyNoCgroupNorDrop() throws Exception {
        AttachRequest r = new AttachRequest(AttachRequest.parseNamespaces("NETWORK|MOUNT"),
                AttachRequest.parseElevated(null), true, false, List.of(), List.of(), null, null, List.of("ip", "a"), null);
        List<String> argv = plan(config("lxc.cap.drop = sys_module\n"), r).argv();
        assertThat(argv).containsSequence("--ns", "mnt", "--ns", "net", "--uid")
                .doesNotContain("--cgroup", "--cgroup-leaf", "--cap-drop", "--remount-sys-proc");
        AttachRequest netOnly = new AttachRequest(Set.of("net"), Set.of(), true, false, List.of(), List.of(), null, null, List.of("ls"), null);
        assertThat(plan(config(""), netOnly).argv()).contains("--remount-sys-proc").containsSequence("--ns", "net", "--cgroup");
    }

    @Test
    void elevatedPrivilegesKeepTheCgroupOrTheCapabilities() throws Exception {
        ContainerConfig c = config("lxc.cap.keep = sys_admin\n");
        List<String> keepCaps = plan(c, req(null, AttachRequest.parseElevated("CAP"), false, List.of(), List.of(), null, List.of("id"))).argv();
        assertThat(keepCaps).contains("--cgroup").doesNotContain("--cap-drop");
        List<String> keepCg = plan(c, req(null, AttachRequest.parseElevated("CGROUP|LSM"), false, List.of(), List.of(), null, List.of("id"))).argv();
        assertThat(keepCg).doesNotContain("--cgroup", "--cgroup-leaf")
                .containsSequence("--cap-drop", Long.toHexString(~(1L << 21)));
    }

    @Test
    void noCommandIsTheUsersShellFromTheContainersPasswdElseShFromTheHostsWithoutItsMounts() throws Exception {
        assertThat(plan(config(""), req(null, Set.of(), false, List.of(), List.of(), 1000, List.of())).argv())
                .containsSequence("--uid", "1000", "--gid", "0").endsWith("--shell", "--", "/bin/zsh");
        assertThat(plan(config(""), req(null, Set.of(), false, List.of(), List.of(), 7, List.of())).argv())
                .endsWith("--cwd", "/work", "--", "/bin/sh");
        assertThat(plan(config(""), req(Set.of("net"), Set.of(), false, List.of(), List.of(), null, List.of())).argv())
                .endsWith("--", "/bin/bash");
    }

    @Test
    void aTerminalOnAStandardFdGetsAPtyAndItsLog() throws Exception {
        FakeHost host = new FakeHost();
        AttachRequest logged = new AttachRequest(null, Set.of(), false, false, List.of(), List.of(), null, null,
                List.of("sh"), "/tmp/pty.log");
        assertThat(plan(config(""), logged, host).argv()).doesNotContain("--pty", "--pty-log");
        host.terminal = true;
        assertThat(plan(config(""), logged, host).argv()).containsSequence("--cwd", "/work", "--pty", "--pty-log", "/tmp/pty.log", "--");
        assertThat(plan(config(""), AttachRequest.of(List.of("sh")), host).argv()).containsSequence("--pty", "--").doesNotContain("--pty-log");
    }

    @Test
    void environmentAsLxc5() throws Exception {
        ContainerConfig c = config("lxc.environment = A=from-config\nlxc.environment = FOO\n");
        assertThat(plan(c, AttachRequest.of(List.of("env"))).environment())
                .containsExactlyInAnyOrder("HOME=/root", "PATH=/host/bin", "FOO=1", "container=lxc", "A=from-config");
        assertThat(plan(config(""), req(null, Set.of(), true, List.of("HOME", "NOPE"), List.of("X=1", "Y=a=b"), null, List.of("env")))
                .environment()).containsExactly("HOME=/root", "PATH=" + Attach.DEFAULT_PATH, "container=lxc", "X=1", "Y=a=b");
        assertThat(plan(config(""), req(null, Set.of(), true, List.of("PATH"), List.of("container"), null, List.of("env")))
                .environment()).as("a kept PATH stays; -v NAME removes NAME").containsExactly("PATH=/host/bin");
    }

    @Test
    void namespaceAndPrivilegeListsAsLxcParsesThem() {
        assertThat(AttachRequest.parseNamespaces("MOUNT|PID|UTSNAME|IPC|USER|NETWORK|CGROUP"))
                .containsExactly("mnt", "pid", "uts", "ipc", "user", "net", "cgroup");
        assertThat(AttachRequest.parseNamespaces("Net|TIME")).containsExactly("net", "time");
        assertThatThrownBy(() -> AttachRequest.parseNamespaces("NET|FOO")).hasMessage("Invalid namespace name \"FOO\"");
        assertThatThrownBy(() -> AttachRequest.parseNamespaces("mount")).hasMessage("Invalid namespace name \"mount\"");
        assertThat(AttachRequest.parseElevated(null)).containsExactlyInAnyOrder(AttachRequest.Privilege.values());
        assertThat(AttachRequest.parseElevated("CAP|CGROUP")).containsExactlyInAnyOrder(AttachRequest.Privilege.CAP, AttachRequest.Privilege.CGROUP);
        assertThatThrownBy(() -> AttachRequest.parseElevated("cap")).hasMessage("Invalid elevated privilege \"cap\" requested");
    }
}
