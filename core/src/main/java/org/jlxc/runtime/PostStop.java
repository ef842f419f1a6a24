package org.jlxc.runtime;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

import org.jlxc.cgroup.CgroupException;
import org.jlxc.cgroup.CgroupLayout;
import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.plan.Op;

/**
 * What has to happen after a container's init ended, exactly once per run, before the shim
 * exits and the container is STOPPED: remove its cgroups and the run's files. Run by the
 * foreground start itself, by the shim's exit command in daemon mode, and by whichever tool
 * finds that a dead shim left a run behind.
 */
public final class PostStop {
    private PostStop() {}

    public static void run(RuntimeDir dir, Consumer<String> warnings) {
        // LXC 5's order: the stop hooks, the cgroups, STOPPED, the post-stop hooks. Hook failures
        // are warnings: the container is stopped either way.
        Hooks.StopHooks hooks = Hooks.loadStopHooks(dir, warnings);
        Hooks.runAfterStop(hooks.stop(), warnings);
        // The cgroup the start chose and made (the file is written once it exists; none: none made).
        ContainerCgroup cgroup = ContainerCgroup.load(dir.cgroup(), CgroupLayout.ofHost());
        if (cgroup != null) {
            try {
                cgroup.destroy();
            } catch (CgroupException e) {
                warnings.accept(e.getMessage());
            }
        }
        try {
            // The command socket is the shim's to remove; it is gone or dead by now.
            for (var p : runFiles(dir)) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            warnings.accept("cannot remove the run's files in " + dir.dir() + ": " + e.getMessage());
        }
        Hooks.runAfterStop(hooks.postStop(), warnings);
    }

    /** The files a run leaves in its runtime directory besides the lock, log, socket and pidfile. */
    private static List<java.nio.file.Path> runFiles(RuntimeDir dir) {
        return List.of(dir.config(), dir.container(), dir.cgroup(), dir.start(), Hooks.stopFile(dir));
    }

    /**
     * The same work for the shim to do alone (plan op CLEANUP), when there is no hook to run:
     * then stopping costs no JVM start. A reboot (init killed by SIGHUP) still goes through the
     * exit command, which starts the container again.
     *
     * @return the op, or null when the post-stop work needs Java (stop or post-stop hooks)
     */
    static Op.Cleanup shimCleanup(Hooks.StopHooks hooks, RuntimeDir dir, ContainerCgroup cgroup) {
        if (!hooks.stop().isEmpty() || !hooks.postStop().isEmpty()) return null;
        List<String> rmdirs = cgroup.hierarchies().stream().map(h -> cgroup.dirIn(h).toString()).toList();
        List<String> unlinks = runFiles(dir).stream().map(java.nio.file.Path::toString).toList();
        return new Op.Cleanup(Starter.SIGHUP, rmdirs, unlinks);
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
