package org.jlxc.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jlxc.cgroup.CgroupException;
import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.linux.Errno;
import org.jlxc.plan.Plan;
import org.jlxc.plan.PlanWriter;
import org.jlxc.plan.Step;

/**
 * One shim and Java's end of its sync socket, through a start (after LXC's lxc_spawn): the
 * shim takes the container's lock, clones the child, Java puts it in its cgroups, the child
 * runs its ops and execs; in the foreground Java then waits for init's end and does the
 * post-stop work before it lets the shim go.
 */
public final class Spawn implements AutoCloseable {
    private final ShimSession session;
    /** A daemon's runtime directory: its shim leaves the process Java started, so its end is
     *  told by its lock's release, not by that process's exit. */
    private RuntimeDir forkedDaemon;
    private final Consumer<String> warnings;
    private int shimPid;
    private int initPid;
    private java.util.List<String> namespaces = java.util.List.of();

    private Spawn(ShimSession session, Consumer<String> warnings) {
        this.session = session;
        this.warnings = warnings;
    }

    /**
     * Starts the shim and waits until it holds the container's lock.
     *
     * @param dir     the runtime directory, or null for a shim without lock and command socket
     * @param pidfile written by the shim with its pid (the monitor's), removed when it exits; may be null
     * @throws AlreadyRunningException when another shim holds the lock
     */
    public static Spawn launch(Path shim, Path runDir, RuntimeDir dir, boolean daemon, Path pidfile,
                               Consumer<String> warnings) throws StartException {
        List<String> args = new ArrayList<>();
        if (dir != null) {
            args.addAll(List.of("--rundir", dir.dir().toString()));
        }
        if (daemon) args.add("--daemon");
        if (pidfile != null) args.addAll(List.of("--pidfile", pidfile.toString()));
        ShimSession session;
        try {
            session = ShimSession.start(shim, runDir, args, daemon);
        } catch (IOException e) {
            throw new StartException("cannot start the shim: " + e.getMessage(), e);
        }
        Spawn spawn = new Spawn(session, warnings);
        if (dir == null) return spawn;
        if (daemon) spawn.forkedDaemon = dir;
        try {
            // if/instanceof, not a pattern switch: each of those spins a class at run time (~10 ms).
            ShimMessage m = spawn.receive();
            if (m instanceof ShimMessage.Locked l) {
                spawn.shimPid = l.shimPid();
            } else if (m instanceof ShimMessage.ShimFailed f && f.errno() == Errno.EAGAIN && f.what().equals("lock")) {
                spawn.close();
                throw new AlreadyRunningException();
            } else {
                spawn.close();
                throw spawn.unexpected(m, null);
            }
        } catch (StartException e) {
            spawn.close();
            throw e;
        }
        return spawn;
    }

    /**
     * A daemon's exit command: asks the running shim of `dir` for a new start (a reboot) and
     * waits until it holds the container again (LOCKED); {@link #run} then starts it anew.
     */
    public static Spawn restart(RuntimeDir dir, Consumer<String> warnings) throws StartException {
        ShimSession session;
        try {
            session = ShimSession.restart(dir);
        } catch (IOException e) {
            throw new StartException("cannot reach the container's monitor: " + e.getMessage(), e);
        }
        Spawn spawn = new Spawn(session, warnings);
        try {
            ShimMessage m = spawn.receive();
            if (m instanceof ShimMessage.Locked l) {
                spawn.shimPid = l.shimPid();
            } else if (m instanceof ShimMessage.Result r) {
                throw new StartException("the container's monitor refused the restart: " + Errno.describe(r.errno()));
            } else {
                throw spawn.unexpected(m, null);
            }
        } catch (StartException e) {
            spawn.close();
            throw e;
        }
        return spawn;
    }

    public int shimPid() {
        return shimPid;
    }

    /** The namespaces the shim keeps for lxc.hook.stop ("TYPE:/proc/PID/fd/N"), once RUNNING. */
    public java.util.List<String> namespaces() {
        return namespaces;
    }

    /** Init's pid on the host, once the plan ran. */
    public int initPid() {
        return initPid;
    }

    /** Runs the plan until init exec'd (RUNNING); again after EXITED for a reboot (foreground). */
    public void run(Plan plan, ContainerCgroup cgroup) throws StartException {
        run(plan, cgroup, () -> {});
    }

    /** What Java does at plan op START_HOST (lxc.hook.start-host), while the child waits. */
    @FunctionalInterface
    public interface StartHostAction {
        void run() throws StartException;
    }

    /** Runs the plan until RUNNING, running startHost when the child reaches START_HOST. */
    public void run(Plan plan, ContainerCgroup cgroup, StartHostAction startHost) throws StartException {
        run(plan, cgroup, pid -> {}, startHost);
    }

    /** What Java does for the cloned child (its pid) before it lets it go on (the host-side network). */
    @FunctionalInterface
    public interface ChildAction {
        void run(int initPid) throws StartException;
    }

    /**
     * Runs the plan until RUNNING: onChild once the child is cloned and in its cgroups, before
     * GO (LXC's window between clone and the child's setup); startHost at START_HOST.
     */
    public void run(Plan plan, ContainerCgroup cgroup, ChildAction onChild, StartHostAction startHost)
            throws StartException {
        send(ShimMessage.PLAN, PlanWriter.write(plan));
        namespaces = java.util.List.of();
        while (true) {
            ShimMessage m = receive();
            if (m instanceof ShimMessage.ChildPid c) {
                initPid = c.pid();
                attach(cgroup, c.pid());
                // A failure throws: the caller closes the socket and the shim kills the child.
                onChild.run(c.pid());
                send(ShimMessage.GO, new byte[0]);
            } else if (m instanceof ShimMessage.Warning w) {
                warnings.accept(describe(plan, w.opIndex(), w.errno(), w.detail()) + " (optional, skipped)");
            } else if (m instanceof ShimMessage.OpFailed f) {
                throw new StartException(describe(plan, f.opIndex(), f.errno(), f.detail()));
            } else if (m instanceof ShimMessage.StartHost) {
                // A failure throws: the caller closes the socket and the shim kills the child.
                startHost.run();
                send(ShimMessage.CONTINUE, new byte[0]);
            } else if (m instanceof ShimMessage.Namespaces n) {
                namespaces = n.entries();
            } else if (m instanceof ShimMessage.Running) {
                return;
            } else {
                throw unexpected(m, plan);
            }
        }
    }

    /** Waits for init's end; returns its wait status. */
    public int awaitExit() throws StartException {
        ShimMessage m = receive();
        if (m instanceof ShimMessage.Exited e) return e.waitStatus();
        throw unexpected(m, null);
    }

    /** Foreground: the post-stop work is done; the shim may remove its files and go. */
    public void done() {
        try {
            session.send(ShimMessage.DONE, new byte[0]);
            session.waitFor();
        } catch (IOException e) {
            // the shim is gone already: nothing waits for DONE
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the shim process to end (after a failed start, before undoing it). */
    public void awaitShimExit() {
        try {
            session.waitFor();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (forkedDaemon != null && forkedDaemon.monitorAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes Java's end: a daemon's shim goes on alone; a foreground one kills init. */
    @Override
    public void close() {
        session.close();
    }

    private void attach(ContainerCgroup cgroup, int pid) throws StartException {
        if (cgroup == null) return;
        try {
            cgroup.attach(pid);
        } catch (CgroupException e) {
            session.kill();
            throw new StartException(e.getMessage(), e);
        }
    }

    private ShimMessage receive() throws StartException {
        try {
            ShimMessage m = session.receive();
            if (m == null) {
                throw new StartException("the shim exited unexpectedly (status " + session.waitFor() + ")");
            }
            return m;
        } catch (IOException e) {
            throw new StartException("cannot talk to the shim: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while the container was starting", e);
        }
    }

    private void send(int type, byte[] payload) throws StartException {
        try {
            session.send(type, payload);
        } catch (IOException e) {
            throw new StartException("cannot talk to the shim: " + e.getMessage(), e);
        }
    }

    private StartException unexpected(ShimMessage m, Plan plan) {
        if (m instanceof ShimMessage.ShimFailed f) {
            return new StartException("the shim failed: " + f.what() + ": " + Errno.describe(f.errno()));
        }
        if (m instanceof ShimMessage.OpFailed f && plan != null) {
            return new StartException(describe(plan, f.opIndex(), f.errno(), f.detail()));
        }
        return new StartException("unexpected message from the shim: " + m);
    }

    /** "mount(...): ENOENT (No such file or directory), for lxc.mount.entry FILE:LINE". */
    static String describe(Plan plan, int opIndex, int errno, String detail) {
        String what = detail == null || detail.isEmpty() ? "op " + opIndex : detail;
        String cause = "";
        if (opIndex >= 0 && opIndex < plan.size()) {
            Step step = plan.step(opIndex);
            cause = step.cause() == null ? "" : ", for " + step.cause();
        }
        return what + ": " + Errno.describe(errno) + cause;
    }
}
