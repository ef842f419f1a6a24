package org.jlxc.config;

import java.util.List;

/**
 * The container's root filesystem ({@code lxc.rootfs.*}).
 *
 * @param type    storage type: {@code dir} for a plain path or a {@code dir:} prefix, else the prefix
 *                ({@code overlay}, {@code loop}, {@code btrfs}...)
 * @param path    the path (or type-specific spec) without the type prefix
 * @param mount   {@code lxc.rootfs.mount} or null (LXC's default then applies)
 * @param options {@code lxc.rootfs.options} or null
 * @param managed {@code lxc.rootfs.managed}; null = unset (true)
 */
public record Rootfs(String type, String path, String mount, String options, Boolean managed) {

    /**
     * Where the rootfs is mounted before pivot_root when lxc.rootfs.mount is unset. LXC's default
     * is fixed when it is built ($libdir/lxc/rootfs; an empty directory its package ships): the
     * first of the usual libdirs that has one, so hooks see the LXC_ROOTFS_MOUNT LXC would give
     * them; on a host without LXC, a directory of jlxc's own (made by the start).
     */
    public static final String DEFAULT_MOUNT = defaultMount();

    /** The fallback when no LXC is installed: under jlxc's run directory. */
    public static final String JLXC_MOUNT = "/run/jlxc/rootfs";

    /** The overlay's directories, or null for another type (the value was checked when it was read). */
    public OverlayRootfs overlay() {
        if (!OverlayRootfs.isOverlay(type)) return null;
        try {
            return OverlayRootfs.parse(path);
        } catch (InvalidValueException e) {
            throw new IllegalStateException("lxc.rootfs.path was checked when read: " + e.getMessage(), e);
        }
    }

    /** lxc.rootfs.mount, or the default. */
    public String mountPoint() {
        return mount != null && !mount.isEmpty() ? mount : DEFAULT_MOUNT;
    }

    private static String defaultMount() {
        String arch = System.getProperty("os.arch", "");
        String multiarch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> arch + "-linux-gnu";
        };
        for (String libdir : List.of("/usr/lib/" + multiarch, "/usr/lib64", "/usr/lib", "/usr/local/lib")) {
            String dir = libdir + "/lxc/rootfs";
            if (java.nio.file.Files.isDirectory(java.nio.file.Path.of(dir))) return dir;
        }
        return JLXC_MOUNT;
    }

    /** Storage types LXC recognises as a {@code TYPE:} prefix of {@code lxc.rootfs.path}. */
    static final List<String> TYPES =
            List.of("dir", "overlay", "overlayfs", "aufs", "loop", "lvm", "btrfs", "zfs", "rbd", "nbd");

    /** Splits a {@code lxc.rootfs.path} value into {type, path}. */
    static String[] split(String value) {
        int colon = value.indexOf(':');
        if (colon > 0 && TYPES.contains(value.substring(0, colon))) {
            return new String[] {value.substring(0, colon), value.substring(colon + 1)};
        }
        return new String[] {value.startsWith("/dev/") ? "blockdev" : "dir", value};
    }

    static final ValueType PATH = ValueType.of(v -> {
        String[] p = split(v);
        if (p[1].isEmpty()) {
            throw new InvalidValueException("empty path after \"" + p[0] + ":\"");
        }
        if (p[0].equals("dir") && !p[1].startsWith("/")) {
            throw new InvalidValueException("not an absolute path");
        }
        if (OverlayRootfs.isOverlay(p[0])) {
            OverlayRootfs.parse(p[1]);
        }
        return v;
    });
}
