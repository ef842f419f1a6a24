package org.jlxc.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites legacy (1.x/2.x) key names to the current ones in place, as {@code lxc-update-config}
 * does, but driven by the key table instead of sed: comments, blank lines, order and values are
 * kept; {@code lxc.kmsg}, {@code lxc.pivotdir} and {@code lxc.rootfs.backend} are deleted (the
 * backend becomes the {@code TYPE:} prefix of {@code lxc.rootfs.path}). Included files are not touched.
 */
public final class ConfigUpdater {
    private ConfigUpdater() {
    }

    /**
     * Updates {@code file}; when anything changes the original is first copied to {@code FILE.backup}.
     *
     * @return whether the file changed
     */
    public static boolean update(Path file) throws IOException {
        List<String> in = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        List<String> out = rewrite(in);
        if (out.equals(in)) {
            return false;
        }
        Files.copy(file, file.resolveSibling(file.getFileName() + ".backup"), StandardCopyOption.REPLACE_EXISTING);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, String.join("\n", out) + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** The rewritten lines; lines this does not understand are kept unchanged. */
    static List<String> rewrite(List<String> in) {
        String backend = null;
        for (String line : in) {
            String[] kv = keyValue(line);
            if (kv != null && kv[0].equals("lxc.rootfs.backend") && !kv[1].isEmpty()) {
                backend = kv[1];
            }
        }
        List<String> out = new ArrayList<>();
        int lastNet = -1;
        for (String line : in) {
            String[] kv = keyValue(line);
            ConfigKeys.Resolved r = kv == null ? null : ConfigKeys.resolve(kv[0]);
            if (r == null) {
                out.add(line);
                continue;
            }
            if (r.key().removed() != null) {
                continue;
            }
            if (!r.legacy()) {
                out.add(line);
                continue;
            }
            String key = r.canonical();
            String value = kv[1];
            if (r.netIndex() != null && r.netIndex() == ConfigKeys.UNINDEXED) {
                if (r.sub().equals("type") && value.isEmpty()) {
                    key = "lxc.net";
                } else {
                    if (r.sub().equals("type") || lastNet < 0) {
                        lastNet++;
                    }
                    key = "lxc.net." + lastNet + "." + r.sub();
                }
            } else if (r.netIndex() != null) {
                lastNet = Math.max(lastNet, r.netIndex());
            }
            if (key.equals("lxc.rootfs.path") && backend != null && !value.isEmpty()
                    && Rootfs.split(value)[0].equals("dir") && !value.startsWith("dir:")) {
                value = backend + ":" + value;
            }
            out.add(line.substring(0, line.indexOf(kv[0])) + key + (value.isEmpty() ? " =" : " = " + value));
        }
        return out;
    }

    /** {key, raw value} of a {@code lxc.*} line, or null. */
    private static String[] keyValue(String line) {
        String s = line.strip();
        int eq = s.indexOf('=');
        if (!s.startsWith("lxc.") || eq < 0) {
            return null;
        }
        return new String[] {s.substring(0, eq).strip(), s.substring(eq + 1).strip()};
    }
}
