package org.jlxc.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Mount points of this process's mount namespace, from {@code /proc/self/mountinfo}. A bind
 * mount of a directory of the same filesystem keeps its st_dev, so the device check alone
 * cannot see it; the mount table can.
 */
final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {
    }

    /** Mount points at or below {@code top} (both taken as given, not resolved). */
    static List<Path> mountPointsUnder(Path top) throws IOException {
        return mountPointsUnder(top, Files.readAllLines(MOUNTINFO));
    }

    static List<Path> mountPointsUnder(Path top, List<String> mountinfo) {
        Path normalized = top.toAbsolutePath().normalize();
        List<Path> found = new ArrayList<>();
        for (String line : mountinfo) {
            String[] fields = line.split(" ");
            if (fields.length < 5) {
                continue;
            }
            Path mountPoint = Path.of(unescape(fields[4]));
            if (mountPoint.startsWith(normalized)) {
                found.add(mountPoint);
            }
        }
        return found;
    }

    /** The kernel writes space, tab, newline and backslash in mount points as octal escapes. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
