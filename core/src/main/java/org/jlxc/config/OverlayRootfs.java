package org.jlxc.config;

import java.nio.file.Path;

/**
 * An {@code overlay:} (or {@code overlayfs:}) rootfs, as LXC's overlay storage reads it (the
 * snapshots of {@code lxc-copy -s}): {@code overlay:LOWER[:LOWER...]:UPPER}, the last
 * {@code :/} starting the upper (writable) directory; the lower part is overlayfs's
 * {@code lowerdir} as it stands (several layers separated by colons). The work directory is
 * {@code olwork} next to the upper one, as LXC makes it.
 */
public record OverlayRootfs(String lower, String upper, String work) {
    /** LXC_OVERLAY_WORK_DIR. */
    static final String WORK_DIR = "olwork";

    /** The directories of spec (the path after {@code overlay:}), or null when it is malformed. */
    public static OverlayRootfs tryParse(String spec) {
        try {
            return parse(spec);
        } catch (InvalidValueException e) {
            return null;
        }
    }

    /** @param spec the path after the {@code overlay:} prefix */
    static OverlayRootfs parse(String spec) throws InvalidValueException {
        int split = spec.lastIndexOf(":/");
        if (split <= 0) {
            throw new InvalidValueException("an overlay rootfs is overlay:LOWER:UPPER, two absolute paths");
        }
        String lower = spec.substring(0, split);
        String upper = spec.substring(split + 1);
        if (!lower.startsWith("/")) {
            throw new InvalidValueException("the lower directory \"" + lower + "\" is not an absolute path");
        }
        Path parent = Path.of(upper).getParent();
        if (parent == null) {
            throw new InvalidValueException("the upper directory \"" + upper + "\" has no parent for " + WORK_DIR);
        }
        return new OverlayRootfs(lower, upper, parent.resolve(WORK_DIR).toString());
    }

    /** Whether a rootfs type is LXC's overlay storage. */
    public static boolean isOverlay(String type) {
        return "overlay".equals(type) || "overlayfs".equals(type);
    }

    /** overlayfs's mount data: upperdir, lowerdir, workdir (LXC's order), then extra options. */
    public String mountData(String extra) {
        String data = "upperdir=" + upper + ",lowerdir=" + lower + ",workdir=" + work;
        return extra == null || extra.isEmpty() ? data : data + "," + extra;
    }
}
