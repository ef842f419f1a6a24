package org.jlxc.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.jlxc.config.IdMap;
import org.jlxc.plan.IdMaps;

/**
 * What lxc-create does for a container with lxc.idmap (it runs the template in the user namespace
 * and chowns the container's directory to its root, chown_mapped_root): here the template runs as
 * the host's root, so afterwards every file of the rootfs moves to the host ids its owner maps to
 * (root to the mapped root, uid N to its mapped id; an unmapped id stays), and the container's
 * directory goes to the mapped root, so that the container's root can reach its rootfs.
 */
final class MappedOwnership {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private MappedOwnership() {}

    static void apply(IdMaps maps, Path containerDir, Path rootfs) throws IOException {
        Files.walkFileTree(rootfs, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                shift(maps, dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                shift(maps, file);
                return FileVisitResult.CONTINUE;
            }
        });
        long uid = maps.hostId(IdMap.Type.UID, 0);
        long gid = maps.hostId(IdMap.Type.GID, 0);
        if (uid >= 0) Files.setAttribute(containerDir, "unix:uid", (int) uid, NOFOLLOW);
        if (gid >= 0) Files.setAttribute(containerDir, "unix:gid", (int) gid, NOFOLLOW);
    }

    /** lchown to the mapped ids; the set-id bits chown(2) clears on a file are given back. */
    private static void shift(IdMaps maps, Path p) throws IOException {
        int uid = (Integer) Files.getAttribute(p, "unix:uid", NOFOLLOW);
        int gid = (Integer) Files.getAttribute(p, "unix:gid", NOFOLLOW);
        int mode = (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
        long hostUid = maps.hostId(IdMap.Type.UID, uid);
        long hostGid = maps.hostId(IdMap.Type.GID, gid);
        if (hostUid >= 0 && hostUid != uid) Files.setAttribute(p, "unix:uid", (int) hostUid, NOFOLLOW);
        if (hostGid >= 0 && hostGid != gid) Files.setAttribute(p, "unix:gid", (int) hostGid, NOFOLLOW);
        if ((mode & 06000) != 0 && !Files.isSymbolicLink(p)) Files.setAttribute(p, "unix:mode", mode & 07777, NOFOLLOW);
    }
}
