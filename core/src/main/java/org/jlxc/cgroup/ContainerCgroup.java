package org.jlxc.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's cgroup in every hierarchy: `lxc.payload.NAME` below the caller's own
 * cgroup, as LXC 5 names it. Created before init runs, holds init from its first
 * instruction (the pid is attached before the shim lets the child go), removed after.
 */
public final class ContainerCgroup {
    private final CgroupLayout layout;
    private final String path; // absolute within each hierarchy, relative to the caller's cgroup

    private ContainerCgroup(CgroupLayout layout, String name) {
        this.layout = layout;
        this.path = "lxc.payload." + name;
    }

    public static ContainerCgroup of(CgroupLayout layout, String containerName) {
        return new ContainerCgroup(layout, containerName);
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

    /**
     * Creates the cgroup in every hierarchy. A leftover of an earlier run with no process
     * in it is removed first; one with processes is an error (the container runs, or a
     * process escaped its cleanup).
     */
    public void create() throws CgroupException {
        List<Path> made = new ArrayList<>();
        try {
            for (Hierarchy h : layout.hierarchies()) {
                Path dir = dirIn(h);
                if (Files.isDirectory(dir)) {
                    if (hasProcesses(dir)) {
                        throw new CgroupException("cgroup " + dir + " already exists and has processes"
                                + " (is the container running?)");
                    }
                    removeTree(dir);
                }
                Files.createDirectory(dir);
                made.add(dir);
                if (h.has("cpuset")) {
                    inheritCpuset(dir);
                }
            }
        } catch (IOException e) {
            made.reversed().forEach(ContainerCgroup::removeQuietly);
            throw new CgroupException("cannot create cgroup: " + e.getMessage(), e);
        } catch (CgroupException e) {
            made.reversed().forEach(ContainerCgroup::removeQuietly);
            throw e;
        }
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
