package org.jlxc.plan;

import java.util.List;

/**
 * One operation of a plan, as the shim executes it. The closed set mirrors the opcode
 * table of native/PLAN.md; {@link PlanWriter} is the only encoder.
 */
public sealed interface Op {
    /** Bits of the `resolve` fields. */
    int TARGET_IN_ROOT = 1, SOURCE_IN_ROOT = 2;

    record Namespaces(long cloneFlags) implements Op {}
    record ShareNs(int nstype, String path) implements Op {}
    /** mode 0: the child inherits the shim's stdio; 1: a pty relayed to the caller's terminal. */
    record Console(int mode) implements Op {}
    record Mount(String source, String target, String fstype, long flags, String data, int resolve) implements Op {}
    record Mkdir(String path, int mode, int resolve) implements Op {}
    record Mknod(String path, int mode, long dev, int resolve) implements Op {}
    record Symlink(String target, String path, int resolve) implements Op {}
    record CreateFile(String path, int mode, int resolve) implements Op {}
    record Rootfs(String path) implements Op {}
    record PivotRoot() implements Op {}
    record SetHostname(String name) implements Op {}
    record CapBoundDrop(long mask) implements Op {}
    record SetRlimit(int resource, long soft, long hard) implements Op {}

    /** personality(2): lxc.arch (PER_LINUX32 for the 32-bit names, PER_LINUX for the 64-bit ones). */
    record Personality(long persona) implements Op {}

    /** prctl(PR_SET_NO_NEW_PRIVS): lxc.no_new_privs. */
    record NoNewPrivs() implements Op {}

    /** A session keyring of the container's own (keyctl JOIN_SESSION_KEYRING): lxc.keyring.session. */
    record Keyring() implements Op {}

    /**
     * A time namespace of the container's own with these clock offsets (lxc.time.offset.boot,
     * .monotonic), nanoseconds in [0, 1e9).
     */
    record Timens(long bootSec, int bootNsec, long monoSec, int monoNsec) implements Op {}

    /** prctl(PR_SET_PDEATHSIG): the signal init gets when the shim dies (lxc.monitor.signal.pdeath; 0 none). */
    record Pdeathsig(int signal) implements Op {}
    /** lxc.idmap: the child becomes root (uid and gid 0, no groups) of its user namespace, mapped by Java. */
    record UsernsRoot() implements Op {}

    /** lxc.idmap: the shim gives the console pty's slave to the container's root (host ids). */
    record ConsoleOwner(int uid, int gid) implements Op {}
    record Ids(int uid, int gid, List<Integer> groups) implements Op {}
    record Chdir(String path) implements Op {}
    record Env(List<String> entries) implements Op {}
    record Exec(List<String> argv) implements Op {}
    record ExecInit(List<String> argv) implements Op {}
    record ConsoleMount(String target, int resolve) implements Op {}
    record WriteFile(String path, String content, int resolve) implements Op {}
    record Umount(String target, int flags, int resolve) implements Op {}
    /** unshare(2) in the child, after Java placed it in its cgroups (the cgroup namespace). */
    record Unshare(long flags) implements Op {}
    /** The shim opens this many host ptys for the container's ttys and holds their masters. */
    record Ttys(int count) implements Op {}
    /** Bind-mount the slave of tty `index` (1-based) on target. */
    record TtyMount(int index, String target, int resolve) implements Op {}
    /** Daemon mode: the command the shim runs after init ended (Java's post-stop work). */
    record OnExit(List<String> argv) implements Op {}
    /** The file the console's output is appended to. */
    record ConsoleLog(String path) implements Op {}
    /** A container hook: the child runs argv with these NAME=value entries added to its environment. */
    record Hook(List<String> argv, List<String> env) implements Op {}
    /** The child waits here (before its exec) until Java ran the start-host hooks. */
    record StartHost() implements Op {}
    /** The child hands these namespaces (CLONE_NEW* flags) to the shim, which keeps them for lxc.hook.stop. */
    record KeepNs(long flags) implements Op {}
    /** lxc.console.path: the terminal device the console is relayed to (CONSOLE mode 3). */
    record ConsolePeer(String path) implements Op {}
    /** lxc.console.size (bytes, 0: no limit) and lxc.console.rotate of the console log. */
    record ConsoleLogSize(long size, boolean rotate) implements Op {}
    /** lxc.console.buffer.size: the shim keeps the console's last `size` bytes in memory. */
    record ConsoleBuffer(long size) implements Op {}
    /**
     * Daemon mode: the post-stop work the shim can do alone (rmdir these cgroup trees, unlink these
     * files) instead of running {@link OnExit}; unless init was killed by unlessSignal (a reboot).
     */
    /**
     * @param killFiles v2 `cgroup.kill` files: "1" is written to those that exist, first
     * @param freezer   when none could be written: a v1 `freezer.state` to freeze the container
     *                  with while each pid of the rmdirs' trees gets SIGKILL ("" for none)
     */
    /**
     * The shim's last act, in every mode: write its pid to each of `procs` (the `cgroup.procs`
     * of LXC's pivot cgroup), leaving its own cgroup, then remove each tree of `rmdirs` (the
     * monitor's cgroup, which it cannot remove while in it).
     */
    /**
     * lxc.seccomp.profile: load this classic BPF program (struct sock_filter array) as the
     * child's seccomp filter; flags bit 0 {@link #SECCOMP_SKIP_IF_CONFINED}.
     */
    record Seccomp(int flags, byte[] program) implements Op {
        public Seccomp {
            program = program.clone();
        }

        @Override
        public byte[] program() {
            return program.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Seccomp s && s.flags == flags && java.util.Arrays.equals(s.program, program);
        }

        @Override
        public int hashCode() {
            return 31 * flags + java.util.Arrays.hashCode(program);
        }

        @Override
        public String toString() {
            return "Seccomp[flags=" + flags + ", program=" + program.length / 8 + " instructions]";
        }
    }
    /** Op.Seccomp flags: lxc.seccomp.allow_nesting = 0, a process already under a filter loads none. */
    int SECCOMP_SKIP_IF_CONFINED = 1;
    record LeaveCgroup(List<String> procs, List<String> rmdirs) implements Op {}
    record Cleanup(int unlessSignal, List<String> rmdirs, List<String> unlinks, List<String> killFiles,
                   String freezer) implements Op {
        public Cleanup(int unlessSignal, List<String> rmdirs, List<String> unlinks) {
            this(unlessSignal, rmdirs, unlinks, List.of(), "");
        }
    }
}
