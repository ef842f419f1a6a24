package org.jlxc.store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * LXC's on-disk layout of one container: {@code LXCPATH/NAME/} holding {@code config},
 * the default rootfs {@code rootfs/}, the {@code partial} marker of an unfinished creation
 * and an optional {@code fstab}.
 *
 * @param lxcpath the directory holding containers (absolute)
 * @param name    the container name, already valid (see {@link #validateName})
 */
public record ContainerDir(Path lxcpath, String name) {

    public ContainerDir {
        String problem = nameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        lxcpath = lxcpath.toAbsolutePath().normalize();
    }

    /** Like the constructor, but a bad name is a {@link StoreException} with a user-facing message. */
    public static ContainerDir of(Path lxcpath, String name) throws StoreException {
        validateName(name);
        return new ContainerDir(lxcpath, name);
    }

    public static void validateName(String name) throws StoreException {
        String problem = nameProblem(name);
        if (problem != null) {
            throw new StoreException(problem);
        }
    }

    /** The name becomes one path component under lxcpath, so it must be exactly one and
     *  must not climb out; NUL cannot be in a path at all. */
    private static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "No container name specified";
        }
        if (name.equals(".") || name.equals("..")) {
            return "Invalid container name \"" + name + "\"";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            return "Invalid container name \"" + name + "\": it must not contain '/'";
        }
        return null;
    }

    public Path path() {
        return lxcpath.resolve(name);
    }

    public Path config() {
        return path().resolve("config");
    }

    /** Where lxc-create puts the rootfs when neither --dir nor the config says otherwise. */
    public Path defaultRootfs() {
        return path().resolve("rootfs");
    }

    public Path partialFile() {
        return path().resolve("partial");
    }

    public Path fstab() {
        return path().resolve("fstab");
    }

    /** LXC's definition of "defined": the config file exists. */
    public boolean exists() {
        return Files.exists(config());
    }
}
