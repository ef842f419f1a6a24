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
        return v;
    });
}
