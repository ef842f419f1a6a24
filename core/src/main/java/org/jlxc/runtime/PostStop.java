package org.jlxc.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.jlxc.cgroup.CgroupException;
import org.jlxc.cgroup.CgroupLayout;
import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.cgroup.Hierarchy;
import org.jlxc.plan.Op;

/**
 * What has to happen after a container's init ended, exactly once per run, before the shim
 * exits and the container is STOPPED: remove its cgroups and the run's files. Run by the
 * foreground start itself, by the shim's exit command in daemon mode, and by whichever tool
 * finds that a dead shim left a run behind.
 */
public final class PostStop {
    private PostStop() {}

    /** After a stop (LXC_TARGET=stop for the hooks). */
    public static void run(RuntimeDir dir, Consumer<String> warnings) {
        run(dir, false, warnings);
    }

    /** @param reboot the container starts again next (LXC_TARGET=reboot for the hooks) */
    public static void run(RuntimeDir dir, boolean reboot, Consumer<String> warnings) {
        run(dir, reboot, -1, warnings);
    }

    /** @param waitStatus init's wait status (for the stop reason), or -1 when unknown */
    public static void run(RuntimeDir dir, boolean reboot, int waitStatus, Consumer<String> warnings) {
        // LXC 5's order: the network (NICs given back, down scripts, host veth ends), the stop
        // hooks, the cgroups, STOPPED, the post-stop hooks. Failures are warnings: the container
        // is stopped either way.
        NetworkTeardown.load(dir, warnings).run(warnings);
        // Read now: the run's files go before the post-stop hooks, the container after them.
        List<String> ephemeral = !reboot && Files.exists(dir.ephemeral()) ? dir.readContainer() : null;
        Hooks.StopHooks hooks = Hooks.withTarget(Hooks.loadStopHooks(dir, warnings), reboot ? "reboot" : "stop");
        Hooks.runAfterStop(hooks.stop(), warnings);
        // The cgroup the start chose and made (the file is written once it exists; none: none made).
        ContainerCgroup cgroup = ContainerCgroup.load(dir.cgroup(), CgroupLayout.ofHost());
        if (cgroup != null) {
            try {
                // The stop reason a user looks for first, before the cgroup and its counter go.
                List<String> container = dir.readContainer();
                String oom = org.jlxc.cgroup.OomKills.report(container == null ? dir.dir().toString()
                        : container.get(1), org.jlxc.cgroup.OomKills.of(cgroup), waitStatus);
                if (oom != null) warnings.accept(oom);
                // init's death need not end everything (a shared PID namespace, a process moved in)
                cgroup.killAll();
                cgroup.destroy();
            } catch (CgroupException e) {
                warnings.accept(e.getMessage());
            }
        }
        removeEmptyMonitorCgroup(dir, warnings);
        try {
            // The command socket is the shim's to remove; it is gone or dead by now.
            for (var p : runFiles(dir)) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            warnings.accept("cannot remove the run's files in " + dir.dir() + ": " + e.getMessage());
        }
        Hooks.runAfterStop(hooks.postStop(), warnings);
        if (ephemeral != null) destroyEphemeral(ephemeral, warnings);
    }

    /**
     * lxc.ephemeral = 1: the container is gone with its run (LXC's lxc_destroy_container_on_signal:
     * its rootfs storage and directory, no destroy hooks), unless it reboots.
     */
    private static void destroyEphemeral(List<String> container, Consumer<String> warnings) {
        try {
            org.jlxc.store.ContainerDestroyer.removeStorage(
                    org.jlxc.store.ContainerDir.of(Path.of(container.get(0)), container.get(1)));
        } catch (org.jlxc.store.StoreException e) {
            warnings.accept("cannot destroy the ephemeral container " + container.get(1) + ": " + e.getMessage());
        }
    }

    /**
     * The monitor's cgroup goes with the shim's LEAVE_CGROUP when the shim ends. Here only when
     * no process is left in it: the shim is dead (killed, crashed) or exited after a failed start.
     * While it lives (this is its post-stop command, in that cgroup too; or the foreground shim
     * waiting for DONE) it is the shim's to remove.
     */
    private static void removeEmptyMonitorCgroup(RuntimeDir dir, Consumer<String> warnings) {
        ContainerCgroup monitor = ContainerCgroup.load(dir.monitorCgroup(), CgroupLayout.ofHost());
        if (monitor == null || monitor.hasProcesses()) return;
        try {
            monitor.destroy();
        } catch (CgroupException e) {
            warnings.accept(e.getMessage());
        }
    }

    /** The files a run leaves in its runtime directory besides the lock, log, socket and pidfile. */
    private static List<java.nio.file.Path> runFiles(RuntimeDir dir) {
        return List.of(dir.config(), dir.container(), dir.cgroup(), dir.monitorCgroup(), dir.start(), Hooks.stopFile(dir),
                NetworkTeardown.file(dir), dir.ephemeral());
    }

    /**
     * The same work for the shim to do alone (plan op CLEANUP), when there is no hook to run:
     * then stopping costs no JVM start. A reboot (init killed by SIGHUP) still goes through the
     * exit command, which starts the container again.
     *
     * @param memoryLimited the config limits memory: an out-of-memory kill may end the run, and
     *                      Java reports it (OomKills) to the container's log
     * @param networkTeardown the network needs undoing beyond its namespace's end (NetworkTeardown),
     *                        or the container is ephemeral (destroyed at its end)
     * @return the op, or null when the post-stop work needs Java (stop or post-stop hooks, a
     *         memory limit, a NIC to give back or a down script)
     */
    static Op.Cleanup shimCleanup(Hooks.StopHooks hooks, RuntimeDir dir, ContainerCgroup cgroup, boolean memoryLimited,
                                  boolean networkTeardown) {
        if (!hooks.stop().isEmpty() || !hooks.postStop().isEmpty() || memoryLimited || networkTeardown) return null;
        List<String> rmdirs = cgroup.hierarchies().stream().map(h -> cgroup.dirIn(h).toString()).toList();
        List<String> unlinks = runFiles(dir).stream().map(java.nio.file.Path::toString).toList();
        // Everything left in the cgroups dies first, as PostStop.run does it (ContainerCgroup.killAll).
        List<String> killFiles = cgroup.hierarchies().stream().filter(h -> h.unified())
                .map(h -> cgroup.dirIn(h).resolve("cgroup.kill").toString()).toList();
        // The freezer killAll would use: v1's, else (pure cgroup2 before cgroup.kill) v2's cgroup.freeze.
        String freezer = cgroup.hierarchies().stream().filter(h -> h.has("freezer"))
                .map(h -> cgroup.dirIn(h).resolve("freezer.state").toString()).findFirst()
                .or(() -> cgroup.hierarchies().stream().filter(Hierarchy::unified)
                        .map(h -> cgroup.dirIn(h).resolve("cgroup.freeze").toString()).findFirst())
                .orElse("");
        return new Op.Cleanup(Starter.SIGHUP, rmdirs, unlinks, killFiles, freezer);
    }

    /**
     * The pidfile (lxc-start -p) of a shim that died without removing it: removed when it still
     * holds the dead shim's pid (a later start may have written its own there), then its record.
     */
    static void removeDeadPidfile(RuntimeDir dir, Consumer<String> warnings) {
        Path record = dir.pidfileRecord();
        try {
            List<String> lines = Files.exists(record) ? Files.readAllLines(record) : List.of();
            if (lines.size() >= 2) {
                Path pidfile = Path.of(lines.get(1));
                List<String> held = Files.exists(pidfile) ? Files.readAllLines(pidfile) : List.of();
                if (!held.isEmpty() && held.getFirst().strip().equals(lines.get(0).strip())) {
                    Files.deleteIfExists(pidfile);
                }
            }
            Files.deleteIfExists(record);
        } catch (IOException | RuntimeException e) {
            warnings.accept("cannot remove the pidfile of the dead monitor (" + record + "): " + e.getMessage());
        }
    }

    /**
     * A dead shim (killed, crashed) cannot have run the post-stop work: do it now, if no shim
     * holds the container. Returns whether there was something to clean.
     */
    public static boolean cleanUpAfterDeadMonitor(RuntimeDir dir, Consumer<String> warnings) {
        if (!dir.hasLeftovers()) return false;
        // Holding the lock while cleaning keeps a new start (its shim locks first) from
        // beginning in the middle, and tells a live shim from a dead one.
        try (var ch = java.nio.channels.FileChannel.open(dir.lock(), java.nio.file.StandardOpenOption.WRITE)) {
            var lock = ch.tryLock();
            if (lock == null) return false;
            try {
                run(dir, warnings);
                java.nio.file.Files.deleteIfExists(dir.command());
                java.nio.file.Files.deleteIfExists(dir.dir().resolve("state")); // the dead shim's last word
                removeDeadPidfile(dir, warnings);
            } finally {
                lock.release();
            }
            return true;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            warnings.accept("cannot clean up after the dead monitor in " + dir.dir() + ": " + e.getMessage());
            return false;
        }
    }
}
