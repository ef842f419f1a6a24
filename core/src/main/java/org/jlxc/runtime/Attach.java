package org.jlxc.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.cgroup.Hierarchy;
import org.jlxc.config.ContainerConfig;
import org.jlxc.linux.ErrnoException;
import org.jlxc.linux.Linux;
import org.jlxc.plan.PlanBuilder;

/**
 * lxc-attach's decisions, made here so that the shim's `attach` mode only does what the JVM
 * cannot (setns into the mount and PID namespaces needs a single-threaded process): which of
 * init's namespaces to join, which cgroup directories to enter, which capabilities to drop, the
 * ids, the environment, the working directory and the command. The result is the shim's
 * command line and the command's environment (the shim's own: execvp looks in its PATH).
 */
public final class Attach {
    /** LXC's PATH for --clear-env: C programs that assume getenv("PATH") is set. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** What the decisions read of the host: namespaces and the passwd file. */
    public interface Host {
        /** The namespace's link target ("net:[4026531840]") of a pid or "self"; null when there is none. */
        String namespace(String pid, String kind);

        /** The passwd file a lookup sees: inside the container (init's root) or the host's; null when missing. */
        String passwd(int initPid, boolean containerMounts);

        /** Whether a standard fd (0, 1, 2) is a terminal: LXC 5 then gives the command a pty. */
        boolean terminal();

        Host REAL = new Host() {
            @Override
            public String namespace(String pid, String kind) {
                try {
                    return Files.readSymbolicLink(Path.of("/proc", pid, "ns", kind)).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    return null;
                }
            }

            @Override
            public String passwd(int initPid, boolean containerMounts) {
                Path file = containerMounts ? Path.of("/proc", Integer.toString(initPid), "root/etc/passwd") : Path.of("/etc/passwd");
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    return null;
                }
            }

            @Override
            public boolean terminal() {
                return org.jlxc.linux.ProcSelf.isTerminal(0) || org.jlxc.linux.ProcSelf.isTerminal(1)
                        || org.jlxc.linux.ProcSelf.isTerminal(2);
            }
        };
    }

    /** The shim's argv (program first) and the command's environment ("NAME=value"). */
    public record Plan(List<String> argv, List<String> environment) {}

    private Attach() {}

    /**
     * Decides the attach.
     *
     * @param cgroup    the container's cgroup as its start saved it, or null (none to join)
     * @param callerEnv the environment of the caller (kept unless --clear-env)
     * @param callerCwd where the command starts, when it exists in the joined mount namespace (as LXC)
     */
    public static Plan plan(Path shim, String name, int initPid, ContainerConfig config, ContainerCgroup cgroup,
                            AttachRequest req, Map<String, String> callerEnv, String callerCwd, Host host) {
        List<String> argv = new ArrayList<>(List.of(shim.toString(), "attach", "--name", name,
                "--pid", Integer.toString(initPid)));
        List<String> namespaces = namespaces(req, initPid, host);
        for (String ns : namespaces) {
            argv.add("--ns");
            argv.add(ns);
        }
        if (cgroup != null && !req.elevated().contains(AttachRequest.Privilege.CGROUP)) {
            for (Hierarchy h : cgroup.hierarchies()) {
                argv.add(h.unified() ? "--cgroup-leaf" : "--cgroup");
                argv.add(cgroup.dirIn(h).toString());
            }
        }
        if (!req.elevated().contains(AttachRequest.Privilege.CAP)) {
            long drop = PlanBuilder.capabilitiesToDrop(config);
            if (drop != 0) {
                argv.add("--cap-drop");
                argv.add(Long.toHexString(drop));
            }
        }
        int uid = req.uid() == null ? 0 : req.uid();
        int gid = req.gid() == null ? 0 : req.gid();
        argv.addAll(List.of("--uid", Integer.toUnsignedString(uid), "--gid", Integer.toUnsignedString(gid)));
        // As LXC: -R is for a partial attach; with the container's mounts it has nothing to do.
        if (req.remountSysProc() && !namespaces.contains("mnt")) argv.add("--remount-sys-proc");
        if (callerCwd != null) argv.addAll(List.of("--cwd", callerCwd));
        // As LXC 5 (against TIOCSTI input faking): a pty of the container's on the terminal fds.
        if (host.terminal()) {
            argv.add("--pty");
            if (req.ptyLog() != null) argv.addAll(List.of("--pty-log", req.ptyLog()));
        }
        List<String> command = req.command();
        if (command.isEmpty()) {
            String shell = shell(host.passwd(initPid, namespaces.contains("mnt")), uid);
            if (shell != null) {
                argv.add("--shell"); // as LXC: /bin/sh when the user's shell cannot run
                command = List.of(shell);
            } else {
                command = List.of("/bin/sh");
            }
        }
        argv.add("--");
        argv.addAll(command);
        return new Plan(argv, environment(config, req, callerEnv));
    }

    /** -s's, else every namespace of init's that differs from ours (LXC 5: a shared one is not joined). */
    static List<String> namespaces(AttachRequest req, int initPid, Host host) {
        List<String> result = new ArrayList<>();
        for (String kind : AttachRequest.NAMESPACE_KINDS) {
            if (req.namespaces() != null) {
                if (req.namespaces().contains(kind)) result.add(kind);
                continue;
            }
            String theirs = host.namespace(Integer.toString(initPid), kind);
            if (theirs != null && !theirs.equals(host.namespace("self", kind))) result.add(kind);
        }
        return result;
    }

    /** The login shell of uid in a passwd file's text, or null (no file, no such user, no shell). */
    static String shell(String passwd, int uid) {
        if (passwd == null) return null;
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 7 && f[2].equals(Integer.toUnsignedString(uid))) {
                return f[6].isBlank() ? null : f[6].strip();
            }
        }
        return null;
    }

    /**
     * As LXC 5's lxc_attach_set_environment: the caller's environment, or with --clear-env only
     * the --keep-var ones and a default PATH; then container=lxc, lxc.environment, -v (a -v
     * without '=' removes the variable, as putenv does).
     */
    static List<String> environment(ContainerConfig config, AttachRequest req, Map<String, String> callerEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!req.clearEnv()) {
            env.putAll(callerEnv);
        } else {
            for (String k : req.keepVars()) {
                if (callerEnv.containsKey(k)) env.put(k, callerEnv.get(k));
            }
            env.putIfAbsent("PATH", DEFAULT_PATH);
        }
        env.put("container", "lxc");
        for (String e : config.environment()) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                env.put(e.substring(0, eq), e.substring(eq + 1));
            } else {
                env.put(e, callerEnv.getOrDefault(e, ""));
            }
        }
        for (String v : req.setVars()) {
            int eq = v.indexOf('=');
            if (eq < 0) {
                env.remove(v);
            } else {
                env.put(v.substring(0, eq), v.substring(eq + 1));
            }
        }
        List<String> result = new ArrayList<>();
        env.forEach((k, v) -> result.add(k + "=" + v));
        return result;
    }

    /**
     * Replaces this process with the shim (execve): the caller's terminal and signals reach the
     * command directly and the process's exit status is the command's. Returns only by throwing.
     */
    public static void exec(Plan plan) throws AttachException {
        System.out.flush();
        System.err.flush();
        try {
            Linux.execve(plan.argv().getFirst(), plan.argv(), plan.environment());
        } catch (ErrnoException e) {
            throw new AttachException("cannot run " + plan.argv().getFirst() + ": " + e.getMessage(), e);
        }
        throw new AssertionError("execve returned");
    }

    /** Runs the shim as a child with this process's stdio and waits: its exit status, the command's. */
    public static int run(Plan plan) throws AttachException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(plan.argv()).inheritIO();
        pb.environment().clear();
        for (String e : plan.environment()) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        try {
            return pb.start().waitFor();
        } catch (IOException e) {
            throw new AttachException("cannot run " + plan.argv().getFirst() + ": " + e.getMessage(), e);
        }
    }
}
