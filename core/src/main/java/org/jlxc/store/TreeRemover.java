package org.jlxc.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Removes a directory tree the way a container's storage must be removed: symlinks are removed,
 * never followed, and nothing on another filesystem is touched. A tree with a mount point inside
 * (a bind mount, a tmpfs, a still-mounted rootfs) is refused before anything is deleted, because
 * deleting through it would destroy host data.
 */
public final class TreeRemover {

    private TreeRemover() {
    }

    /** Fails, touching nothing, when removing {@code top} would cross into another filesystem. */
    public static void checkRemovable(Path top) throws StoreException {
        Path path = top.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                refuseMounts(path, device(path));
            }
        } catch (IOException e) {
            throw new StoreException("Failed to inspect " + path + ": " + describe(e), e);
        }
    }

    /** Removes {@code top} and everything below it; no-op when it does not exist. */
    public static void remove(Path top) throws StoreException {
        Path path = top.toAbsolutePath().normalize();
        try {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(path);
                return;
            }
            long dev = device(path);
            refuseMounts(path, dev);
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    // Checked again while deleting: a mount made after the scan must still stop us.
                    if (device(dir) != dev) {
                        throw new CrossedMountException(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (CrossedMountException e) {
            throw mountInside(path, e.where);
        } catch (IOException e) {
            throw new StoreException("Failed to remove " + path + ": " + describe(e), e);
        }
    }

    private static void refuseMounts(Path top, long dev) throws IOException, StoreException {
        List<Path> mounts = MountTable.mountPointsUnder(top.toRealPath());
        if (!mounts.isEmpty()) {
            throw mountInside(top, mounts.getFirst());
        }
        try (var walk = Files.walk(top)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && device(p) != dev) {
                    throw mountInside(top, p);
                }
            }
        }
    }

    private static StoreException mountInside(Path top, Path mountPoint) {
        return new StoreException("Refusing to remove " + top + ": " + mountPoint
                + " is a mount point (another filesystem); unmount it first");
    }

    private static long device(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    public static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        String reason = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            reason = fse.getFile() + ": " + fse.getReason();
        }
        return switch (type) {
            case "AccessDeniedException" -> "permission denied (" + reason + ")";
            case "NoSuchFileException" -> "no such file (" + reason + ")";
            case "DirectoryNotEmptyException" -> "directory not empty (" + reason + ")";
            default -> reason;
        };
    }

    private static final class CrossedMountException extends IOException {
        final Path where;

        CrossedMountException(Path where) {
            super(where.toString());
            this.where = where;
        }
    }
}
