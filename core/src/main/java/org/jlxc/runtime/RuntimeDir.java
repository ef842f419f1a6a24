package org.jlxc.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A container's runtime directory, on the run directory's tmpfs, never in the rootfs:
 * `RUNDIR/c/HASH` where HASH names (lxcpath, name) so that unix socket paths stay short.
 * <ul>
 * <li>`lock`: write-locked (fcntl) by the shim for its whole life: a live lock is a live monitor.</li>
 * <li>`command`: the shim's command socket (state, signals, console).</li>
 * <li>`container`: which container this is (lxcpath and name, a line each), for post-stop and humans.</li>
 * <li>`config`: the configuration the container was started with (after -f and -s), for post-stop
 * and a daemon's reboot.</li>
 * <li>`cgroup`: the container's cgroup as the start chose it (path and bases, {@code ContainerCgroup#save}),
 * for lxc-info, lxc-cgroup and post-stop.</li>
 * <li>`start`: the rest of a daemon start's inputs (init's command, -L, --share-*), for its reboot.</li>
 * <li>`shim.log`: the shim's stderr in daemon mode.</li>
 * <li>`pidfile`: written by the shim with `lxc-start -p FILE`: its pid and FILE, a line each, so
 * that whoever finds the shim dead removes FILE (only if it still holds that pid).</li>
 * <li>`hooks`: the stop and post-stop hooks of the run ({@link Hooks}).</li>
 * </ul>
 */
public record RuntimeDir(Path dir) {

    public static RuntimeDir of(Path runDir, Path lxcpath, String name) {
        return new RuntimeDir(runDir.resolve("c").resolve(hash(lxcpath.toAbsolutePath().normalize() + "\n" + name)));
    }

    public static RuntimeDir of(Path lxcpath, String name) {
        return of(Installation.runDir(), lxcpath, name);
    }

    public Path lock() { return dir.resolve("lock"); }

    public Path command() { return dir.resolve("command"); }

    public Path container() { return dir.resolve("container"); }

    public Path config() { return dir.resolve("config"); }

    public Path start() { return dir.resolve("start"); }

    public Path cgroup() { return dir.resolve("cgroup"); }
    /** The monitor's (the shim's) cgroup, as {@link #cgroup} (lxc-info and lxc-cgroup never read it). */
    public Path monitorCgroup() { return dir.resolve("cgroup.monitor"); }

    public Path shimLog() { return dir.resolve("shim.log"); }

    /** Present while a run of an lxc.ephemeral container lasts: its end destroys the container. */
    public Path ephemeral() { return dir.resolve("ephemeral"); }

    public Path pidfileRecord() { return dir.resolve("pidfile"); }

    /** Makes the directory (0700) and its parents. */
    public void create() throws IOException {
        Files.createDirectories(dir.getParent());
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made by a concurrent start: the lock decides which one goes on
            }
        }
    }

    /** Records which container this directory belongs to. */
    public void writeContainer(Path lxcpath, String name) throws IOException {
        Files.writeString(container(), lxcpath.toAbsolutePath().normalize() + "\n" + name + "\n");
    }

    /** (lxcpath, name) from `container`, or null when the file is missing or damaged. */
    public List<String> readContainer() {
        try {
            List<String> lines = Files.readAllLines(container());
            return lines.size() >= 2 ? lines.subList(0, 2) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether a shim holds the lock. Tested with a shared lock attempt: it fails exactly while
     * the shim's write lock is held, whatever its pid (so a reused pid can never look alive).
     */
    public boolean monitorAlive() {
        if (!Files.exists(lock())) return false;
        try (FileChannel ch = FileChannel.open(lock(), StandardOpenOption.READ)) {
            FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) return true;
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // this JVM itself holds a lock on it
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * What the shim last published in `state` (the same as its GET_STATE answer), or null when
     * there is no such file or it cannot be read. Only meaningful while the shim holds the lock:
     * a dead shim's file is stale.
     */
    public MonitorStatus publishedState() {
        try {
            String[] f = Files.readString(dir.resolve("state")).strip().split(" ");
            if (f.length != 4) return null;
            return new MonitorStatus(ContainerState.fromShim(Integer.parseInt(f[0])), Integer.parseInt(f[1]),
                    Integer.parseInt(f[2]), Integer.parseInt(f[3]));
        } catch (IOException | RuntimeException e) {
            return null; // none yet (a shim that just took the lock), or being replaced: ask the socket
        }
    }

    /** init's wait status at the end of the last run, as the shim recorded it (`exit`); -1 when none. */
    public int lastExitStatus() {
        try {
            return Integer.parseInt(Files.readString(dir.resolve("exit")).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a dead monitor left files behind (a killed shim, a killed start). */
    public boolean hasLeftovers() {
        return Files.exists(command()) || Files.exists(config()) || Files.exists(container()) || Files.exists(start())
                || Files.exists(pidfileRecord()) || Files.exists(cgroup()) || Files.exists(monitorCgroup());
    }

    /**
     * FNV-1a, 64 bits, as hex: LXC names its sockets of long paths the same way. Not SHA-256:
     * MessageDigest wakes the security providers, about 20 ms of every command that names a
     * container. The key is not secret and a name maps to one directory per user.
     */
    static String hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        String hex = Long.toHexString(h);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
