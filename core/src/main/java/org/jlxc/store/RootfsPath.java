package org.jlxc.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The value of {@code lxc.rootfs.path} split into LXC's storage type and path:
 * {@code dir:/var/lib/lxc/c1/rootfs}, a bare path (a directory), or {@code TYPE:...}
 * for the other backing stores, which jlxc does not handle yet.
 */
public record RootfsPath(String storage, String path) {

    /** Storage types lxc-create knows; a value starting with "TYPE:" names one of them. */
    static final Set<String> STORAGE_TYPES =
            Set.of("dir", "btrfs", "lvm", "loop", "overlay", "overlayfs", "zfs", "rbd", "nbd");

    public static RootfsPath parse(String value) {
        String v = unquote(value.strip());
        int colon = v.indexOf(':');
        if (colon > 0 && STORAGE_TYPES.contains(v.substring(0, colon))) {
            return new RootfsPath(v.substring(0, colon), v.substring(colon + 1));
        }
        return new RootfsPath("dir", v);
    }

    public boolean isDir() {
        return storage.equals("dir");
    }

    /** An overlay's directories (LXC's overlay storage), or null for another storage or a malformed spec. */
    public org.jlxc.config.OverlayRootfs overlay() {
        if (!org.jlxc.config.OverlayRootfs.isOverlay(storage)) return null;
        return org.jlxc.config.OverlayRootfs.tryParse(path);
    }

    /** Whether lxc.rootfs.managed is left at its default (1): lxc-destroy then removes the rootfs. */
    public static boolean managed(Path config) throws IOException {
        boolean managed = true;
        for (String line : Files.readAllLines(config)) {
            String s = line.strip();
            int eq = s.indexOf('=');
            if (!s.startsWith("#") && eq > 0 && s.substring(0, eq).strip().equals("lxc.rootfs.managed")) {
                managed = !unquote(s.substring(eq + 1).strip()).equals("0");
            }
        }
        return managed;
    }

    /** The directory of a "dir" rootfs. */
    public Path directory() {
        return Path.of(path);
    }

    /** The last rootfs setting of a config file (current or legacy key), the one LXC would use. */
    public static Optional<RootfsPath> fromConfig(Path config) throws IOException {
        return fromLines(Files.readAllLines(config));
    }

    static Optional<RootfsPath> fromLines(List<String> lines) {
        RootfsPath found = null;
        for (String line : lines) {
            String s = line.strip();
            int eq = s.indexOf('=');
            if (s.startsWith("#") || eq < 0) {
                continue;
            }
            String key = s.substring(0, eq).strip();
            if (key.equals("lxc.rootfs.path") || key.equals("lxc.rootfs")) {
                String value = s.substring(eq + 1).strip();
                found = value.isEmpty() ? null : parse(value);
            }
        }
        return Optional.ofNullable(found);
    }

    /** LXC strips one pair of matching quotes around a value. */
    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
