package org.jlxc.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's cgroup in every hierarchy: `lxc.payload.NAME` (or where {@link CgroupPlacement}
 * says) below each hierarchy's base, as LXC 5 names it. Created before init runs, holds init
 * from its first instruction (the pid is attached before the shim lets the child go), removed
 * after. The path a start chose is kept in the runtime directory ({@link #save}) so that
 * lxc-info, lxc-cgroup and the post-stop work find the same one.
 */
public final class ContainerCgroup {
    private static final System.Logger LOG = org.jlxc.log.Log.logger(ContainerCgroup.class.getName());
    private final CgroupLayout layout;
    private final String path; // relative to each hierarchy's base (its ownCgroup)

    private ContainerCgroup(CgroupLayout layout, String path) {
        this.layout = layout;
        this.path = path;
    }

    /** The default `lxc.payload.NAME`, without a suffix. */
    public static ContainerCgroup of(CgroupLayout layout, String containerName) {
        return new ContainerCgroup(layout, CgroupPlacement.PAYLOAD_PREFIX + containerName);
    }

    /** The cgroup at `path` below each hierarchy's base (the monitor's pivot, a test's). */
    public static ContainerCgroup at(CgroupLayout layout, String path) {
        return new ContainerCgroup(layout, path);
    }

    /**
     * The cgroup a start uses for the payload: the first candidate of `placement` that no
     * running process holds. A leftover without processes (a crash's) is taken and replaced by
     * {@link #create}: names do not pile up suffixes; only a name another running container
     * holds (the same name in another lxcpath, or LXC's own) moves on to `-1`, `-2`, as LXC does.
     */
    public static ContainerCgroup choose(CgroupLayout layout, CgroupPlacement placement, String name)
            throws CgroupException {
        return choose(layout, placement, name, false);
    }

    /**
     * The cgroup of the container's monitor (the shim), `lxc.monitor.NAME` or where the placement
     * says, chosen as the payload's and independently of it: LXC picks each suffix on its own.
     */
    public static ContainerCgroup chooseMonitor(CgroupLayout layout, CgroupPlacement placement, String name)
            throws CgroupException {
        return choose(layout, placement, name, true);
    }

    private static ContainerCgroup choose(CgroupLayout layout, CgroupPlacement placement, String name, boolean monitor)
            throws CgroupException {
        int last = placement.retries() ? CgroupPlacement.MAX_SUFFIX : 0;
        for (int idx = 0; idx <= last; idx++) {
            ContainerCgroup c = new ContainerCgroup(layout, candidate(placement, name, idx, monitor));
            if (!c.hasProcesses()) {
                if (idx > 0) {
                    LOG.log(System.Logger.Level.INFO, "cgroup " + candidate(placement, name, 0, monitor)
                            + " is in use by other processes: using " + c.path);
                }
                return c;
            }
        }
        String first = candidate(placement, name, 0, monitor);
        throw new CgroupException(placement.retries()
                ? "no free cgroup for " + name + ": " + first + " and its -1 to -"
                        + CgroupPlacement.MAX_SUFFIX + " all have processes"
                : "cgroup " + first + " (" + (monitor ? "lxc.cgroup.dir.monitor" : "lxc.cgroup.dir.container")
                        + ") already has processes");
    }

    private static String candidate(CgroupPlacement placement, String name, int idx, boolean monitor) {
        return monitor ? placement.monitorCandidate(name, idx) : placement.candidate(name, idx);
    }

    /** The path below each hierarchy's base: "lxc.payload.c1", "DIR/lxc.payload.c1-1". */
    public String path() {
        return path;
    }

    /** The cgroup path inside a hierarchy, e.g. "/lxc.payload.c1". */
    public String pathIn(Hierarchy h) {
        String parent = h.ownCgroup().equals("/") ? "" : h.ownCgroup();
        return parent + "/" + path;
    }

    public Path dirIn(Hierarchy h) {
        return h.dir(pathIn(h));
    }

    public List<Hierarchy> hierarchies() {
        return layout.hierarchies();
    }

    public CgroupLayout layout() {
        return layout;
    }

    /** Writes which cgroup this is: its path, then each hierarchy's mount point and base. */
    public void save(Path file) throws IOException {
        StringBuilder b = new StringBuilder(path).append('\n');
        for (Hierarchy h : layout.hierarchies()) {
            b.append(h.mountPoint()).append('\t').append(h.ownCgroup()).append('\n');
        }
        Files.writeString(file, b);
    }

    /**
     * The cgroup a start saved in `file`, in the hierarchies of `current` that it used (with
     * the bases it used), or null when the file is missing or damaged.
     */
    public static ContainerCgroup load(Path file, CgroupLayout current) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return null;
        }
        if (lines.isEmpty() || lines.getFirst().isBlank()) return null;
        List<Hierarchy> used = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            int tab = line.indexOf('\t');
            if (tab < 0) return null;
            Path mount = Path.of(line.substring(0, tab));
            for (Hierarchy h : current.hierarchies()) {
                if (h.mountPoint().equals(mount)) {
                    used.add(new Hierarchy(mount, h.controllers(), h.unified(), line.substring(tab + 1)));
                }
            }
        }
        return new ContainerCgroup(new CgroupLayout(List.copyOf(used)), lines.getFirst());
    }

    /**
     * Creates the cgroup in every hierarchy, with any missing parent (lxc.cgroup.dir). A
     * leftover of an earlier run with no process in it is removed first (and logged); one
     * with processes is an error (the container runs, or a process escaped its cleanup).
     */
    public void create() throws CgroupException {
        List<Path> made = new ArrayList<>();
        try {
            boolean leftover = false;
            for (Hierarchy h : layout.hierarchies()) {
                Path dir = dirIn(h);
                if (Files.isDirectory(dir)) {
                    if (hasProcesses(dir)) {
                        throw new CgroupException("cgroup " + dir + " already exists and has processes"
                                + " (is the container running?)");
                    }
                    removeTree(dir);
                    leftover = true;
                }
                Path base = h.dir(h.ownCgroup());
                Path parent = dir.getParent();
                List<Path> missing = new ArrayList<>();
                for (Path p = parent; p != null && p.startsWith(base) && !p.equals(base) && !Files.isDirectory(p);
                        p = p.getParent()) {
                    missing.addFirst(p);
                }
                for (Path p : missing) {
                    // lxc.cgroup.dir's own levels stay after the container, as in LXC
                    Files.createDirectory(p);
                    if (h.has("cpuset")) inheritCpuset(p);
                }
                Files.createDirectory(dir);
                made.add(dir);
                if (h.has("cpuset")) {
                    inheritCpuset(dir);
                }
            }
            if (leftover) {
                LOG.log(System.Logger.Level.INFO, "removed the leftover cgroup " + path
                        + " (no processes in it) of an earlier run, and made it again");
            }
        } catch (IOException e) {
            made.reversed().forEach(ContainerCgroup::removeQuietly);
            throw new CgroupException("cannot create cgroup: " + e.getMessage(), e);
        } catch (CgroupException e) {
            made.reversed().forEach(ContainerCgroup::removeQuietly);
            throw e;
        }
    }

    /**
     * Makes the cgroup where it is missing, with any missing parent, and keeps it where it
     * exists (LXC's shared `lxc.pivot`, which many monitors pass through and none removes).
     */
    public void ensure() throws CgroupException {
        try {
            for (Hierarchy h : layout.hierarchies()) {
                Path base = h.dir(h.ownCgroup());
                List<Path> missing = new ArrayList<>();
                for (Path p = dirIn(h); p.startsWith(base) && !p.equals(base) && !Files.isDirectory(p); p = p.getParent()) {
                    missing.addFirst(p);
                }
                for (Path p : missing) {
                    try {
                        Files.createDirectory(p);
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        continue; // another start made it meanwhile
                    }
                    if (h.has("cpuset")) inheritCpuset(p);
                }
            }
        } catch (IOException e) {
            throw new CgroupException("cannot create cgroup " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file of a cgroup key ("memory.limit_in_bytes", "pids.max") in this cgroup, as LXC's
     * get/set_cgroup_item find it: the v1 hierarchy of the key's controller (the part before
     * its first dot), else the unified one when the host is pure cgroup2 (any file of it) or
     * the unified hierarchy offers that controller.
     */
    public Path fileFor(String key) throws CgroupException {
        if (key.isEmpty() || key.contains("/") || key.equals(".") || key.equals("..")) {
            throw new CgroupException("\"" + key + "\" is not a cgroup file name");
        }
        int dot = key.indexOf('.');
        String controller = dot < 0 ? key : key.substring(0, dot);
        for (Hierarchy h : layout.hierarchies()) {
            if (!h.unified() && h.has(controller)) return dirIn(h).resolve(key);
        }
        Hierarchy u = layout.unified();
        if (u != null) {
            if (layout.isPureV2()) return dirIn(u).resolve(key);
            try {
                String offered = Files.readString(dirIn(u).resolve("cgroup.controllers")).strip();
                if (List.of(offered.split("\\s+")).contains(controller)) return dirIn(u).resolve(key);
            } catch (IOException e) {
                // no unified cgroup to look in: as no such controller
            }
        }
        throw new CgroupException("no cgroup hierarchy has the \"" + controller + "\" controller");
    }

    /** Moves the process into the container's cgroup in every hierarchy. */
    public void attach(int pid) throws CgroupException {
        for (Hierarchy h : layout.hierarchies()) {
            Path procs = dirIn(h).resolve("cgroup.procs");
            try {
                Files.writeString(procs, Integer.toString(pid));
            } catch (IOException e) {
                throw new CgroupException("cannot move pid " + pid + " into " + procs + ": " + e.getMessage(), e);
            }
        }
    }

    /** Removes the cgroup (and any the container made below it) in every hierarchy. */
    public void destroy() throws CgroupException {
        List<String> failures = new ArrayList<>();
        for (Hierarchy h : layout.hierarchies()) {
            Path dir = dirIn(h);
            try {
                removeTree(dir);
            } catch (NoSuchFileException e) {
                // already gone
            } catch (IOException e) {
                failures.add(dir + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new CgroupException("cannot remove cgroups: " + String.join("; ", failures));
        }
    }

    /**
     * Kills every process in the container's cgroups, also those init's death does not take
     * along (a shared or kept PID namespace, a process moved in): v2 `cgroup.kill` where the
     * kernel has it, otherwise freeze, SIGKILL each pid, thaw (so that none forks meanwhile).
     * Waits, briefly, until they are gone, so that the cgroups can be removed.
     *
     * @return the number of pids signalled one by one (0 when cgroup.kill did it)
     */
    public int killAll() throws CgroupException {
        return killAll(true);
    }

    /**
     * @param cgroupKill false takes the way of a kernel without `cgroup.kill` (before 5.14):
     *                   a test seam, to prove that way on a kernel that has it
     */
    int killAll(boolean cgroupKill) throws CgroupException {
        boolean killed = false;
        for (Hierarchy h : cgroupKill ? layout.hierarchies() : List.<Hierarchy>of()) {
            Path kill = dirIn(h).resolve("cgroup.kill");
            if (h.unified() && Files.exists(kill)) {
                try {
                    Files.writeString(kill, "1");
                    killed = true;
                } catch (IOException e) {
                    // an older kernel's or a vanished cgroup: the freezer way below
                }
            }
        }
        int signalled = 0;
        if (!killed && hasProcesses()) {
            Freezer.Target freezer = Freezer.of(this);
            try {
                if (freezer != null) freezeBounded(freezer);
                for (int pid : pids()) {
                    try {
                        org.jlxc.linux.Linux.kill(pid, 9);
                        signalled++;
                    } catch (org.jlxc.linux.ErrnoException e) {
                        // exited meanwhile
                    }
                }
            } finally {
                if (freezer != null) thawQuietly(freezer);
            }
        }
        awaitEmpty();
        return signalled;
    }

    /** The pids in the container's cgroups (and below) of every hierarchy. */
    public java.util.SortedSet<Integer> pids() {
        java.util.SortedSet<Integer> pids = new java.util.TreeSet<>();
        for (Hierarchy h : layout.hierarchies()) collectPids(dirIn(h), pids);
        return pids;
    }

    private static void collectPids(Path dir, java.util.Set<Integer> into) {
        try {
            for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!line.isBlank()) into.add(Integer.parseInt(line.strip()));
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
                for (Path child : children) collectPids(child, into);
            }
        } catch (IOException | NumberFormatException e) {
            // gone while looking: nothing to kill there
        }
    }

    /** A task stuck in the kernel (D state) can keep a v1 freeze from ending: kill anyway after 2 s. */
    private static void freezeBounded(Freezer.Target freezer) {
        try {
            long deadline = System.nanoTime() + 2_000_000_000L;
            Files.writeString(freezer.dir().resolve(freezer.unified() ? "cgroup.freeze" : "freezer.state"),
                    freezer.unified() ? "1" : "FROZEN");
            while (!Freezer.isFrozen(freezer) && System.nanoTime() < deadline) Thread.sleep(10);
        } catch (IOException e) {
            // no freezer after all: kill without it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void thawQuietly(Freezer.Target freezer) {
        try {
            Files.writeString(freezer.dir().resolve(freezer.unified() ? "cgroup.freeze" : "freezer.state"),
                    freezer.unified() ? "0" : "THAWED");
        } catch (IOException e) {
            // the cgroup is gone: nothing is frozen
        }
    }

    /** Killed processes leave their cgroup only once they are reaped; rmdir fails with EBUSY before. */
    private void awaitEmpty() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (hasProcesses() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether any process is in the container's cgroup (or below it) in any hierarchy. */
    public boolean hasProcesses() {
        for (Hierarchy h : layout.hierarchies()) {
            Path dir = dirIn(h);
            try {
                if (Files.isDirectory(dir) && hasProcesses(dir)) return true;
            } catch (IOException e) {
                // vanished while looking: not running there
            }
        }
        return false;
    }

    /** v1 cpuset starts with empty cpus/mems, which makes attaching fail: copy the parent's. */
    private static void inheritCpuset(Path dir) throws IOException {
        for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            Path own = dir.resolve(file);
            if (Files.exists(own) && Files.readString(own).isBlank()) {
                Files.writeString(own, Files.readString(dir.getParent().resolve(file)).strip());
            }
        }
    }

    private static boolean hasProcesses(Path dir) throws IOException {
        if (!Files.readString(dir.resolve("cgroup.procs")).isBlank()) return true;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : children) {
                if (hasProcesses(child)) return true;
            }
        }
        return false;
    }

    /** cgroup directories are removed with rmdir, children first; their files cannot be deleted. */
    private static void removeTree(Path dir) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : children) {
                removeTree(child);
            }
        }
        Files.delete(dir);
    }

    private static void removeQuietly(Path dir) {
        try {
            removeTree(dir);
        } catch (IOException ignored) {
            // best effort while undoing a failed create; the create error is what matters
        }
    }
}
