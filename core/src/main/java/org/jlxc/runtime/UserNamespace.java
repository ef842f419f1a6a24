package org.jlxc.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.cgroup.Hierarchy;
import org.jlxc.config.ContainerConfig;
import org.jlxc.config.IdMap;
import org.jlxc.plan.IdMaps;

/**
 * The host side of a container with lxc.idmap (a user namespace of its own): the checks before
 * the start, the maps written for the child (LXC's lxc_map_ids, directly: the start runs as
 * root) and the cgroups given to the container's root (LXC's chown_cgroup).
 */
final class UserNamespace {
    private UserNamespace() {}

    /**
     * Before anything is made: maps the kernel would refuse, and a rootfs the container's root
     * could not reach or would not own.
     */
    static void check(ContainerConfig config) throws StartException {
        IdMaps maps = IdMaps.of(config);
        if (maps.isEmpty()) return;
        String problem = maps.problem();
        if (problem != null) throw new StartException(problem);
        if (config.rootfs() == null || config.rootfs().overlay() != null) return;
        long uid = maps.hostId(IdMap.Type.UID, 0);
        long gid = maps.hostId(IdMap.Type.GID, 0);
        Path rootfs = Path.of(config.rootfs().path());
        String where = "lxc.rootfs.path (" + config.originOf("lxc.rootfs.path") + ")";
        String mapped = "the container's root (host uid " + uid + " by lxc.idmap " + maps.origins(IdMap.Type.UID) + ")";
        try {
            long owner = ((Number) Files.getAttribute(rootfs, "unix:uid")).longValue();
            if (owner != uid) {
                throw new StartException(where + ": " + rootfs + " is owned by uid " + owner + ", not by " + mapped
                        + "; give it to that root, e.g. chown -R " + uid + ":" + gid + " " + rootfs);
            }
            // The child resolves the rootfs as that root: every directory above it must let it through.
            for (Path dir = rootfs.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
                int mode = (Integer) Files.getAttribute(dir, "unix:mode");
                long dirUid = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
                long dirGid = ((Number) Files.getAttribute(dir, "unix:gid")).longValue();
                boolean search = dirUid == uid ? (mode & 0100) != 0 : dirGid == gid ? (mode & 010) != 0 : (mode & 01) != 0;
                if (!search) {
                    throw new StartException(where + ": " + dir + " (mode " + Integer.toOctalString(mode & 07777)
                            + ", uid " + dirUid + ", gid " + dirGid + ") does not let " + mapped + " reach " + rootfs);
                }
            }
        } catch (NoSuchFileException e) {
            throw new StartException(where + ": " + rootfs + " does not exist", e);
        } catch (IOException e) {
            throw new StartException(where + ": " + rootfs + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes /proc/PID/uid_map, then gid_map, each in one write as the kernel requires; a
     * refusal names the lxc.idmap lines.
     */
    static void writeMaps(IdMaps maps, int pid) throws StartException {
        for (IdMap.Type type : IdMap.Type.values()) {
            String name = type == IdMap.Type.UID ? "uid_map" : "gid_map";
            String text = maps.mapText(type);
            Path file = Path.of("/proc/" + pid + "/" + name);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                throw new StartException("lxc.idmap (" + maps.origins(type) + "): the kernel refused the "
                        + name + " \"" + text.strip().replace("\n", "; ") + "\": " + e.getMessage(), e);
            }
        }
    }

    /**
     * lxc.prlimit.* from the host, as LXC's monitor (setup_resource_limits): in its user
     * namespace the child could not raise a hard limit (the plan has no SETRLIMIT ops then).
     */
    static void setLimits(ContainerConfig config, int pid) throws StartException {
        for (var limit : config.prlimits().entrySet()) {
            String key = "lxc.prlimit." + limit.getKey();
            try {
                org.jlxc.linux.Linux.prlimit(pid, org.jlxc.plan.Rlimits.number(limit.getKey()),
                        limit.getValue().soft(), limit.getValue().hard());
            } catch (org.jlxc.linux.ErrnoException e) {
                throw new StartException(key + " (" + config.originOf(key) + "): " + e.getMessage(), e);
            }
        }
    }

    /**
     * As LXC's chown_cgroup for a start by root: the cgroup directories and the files the
     * container needs to manage them (so an init like systemd can make its own cgroups) stay the
     * launcher's (host root's), get the container root's group and are group-writable; the
     * limits' files stay the host's alone.
     */
    static void chownCgroup(ContainerCgroup cgroup, IdMaps maps) throws StartException {
        long gid = maps.hostId(IdMap.Type.GID, 0);
        for (Hierarchy h : cgroup.hierarchies()) {
            Path dir = cgroup.dirIn(h);
            chgrp(dir, gid, "rwxrwxr-x");
            List<String> files = h.unified() ? List.of("cgroup.procs", "cgroup.threads", "cgroup.subtree_control")
                    : List.of("tasks", "cgroup.procs");
            for (String f : files) {
                Path file = dir.resolve(f);
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) chgrp(file, gid, "rw-rw-r--");
            }
        }
    }

    private static void chgrp(Path p, long gid, String mode) throws StartException {
        try {
            Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new StartException("cannot give " + p + " to the container root's group (gid " + gid + "): "
                    + e.getMessage(), e);
        }
    }
}
