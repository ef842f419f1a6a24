package org.jlxc.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A throw-away lxcpath for one test: everything created in it is removed afterwards, also
 * when the test fails (destroyed through LXC or jlxc first, so nothing mounted survives).
 */
final class Lxcpath implements AutoCloseable {
    final Path dir;

    Lxcpath() throws IOException {
        dir = Files.createTempDirectory("jlxc-it-");
    }

    String path() {
        return dir.toString();
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path c : s.toList()) {
                Cmd.run("lxc-destroy", "-P", path(), "-n", c.getFileName().toString(), "-f");
            }
        } catch (Exception ignored) {
            // fall through to removing what is left
        }
        // A mount left under the dir would be a leak from a container; never delete through it.
        if (Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + dir + "/")) {
            throw new IOException("a mount is left under " + dir + ": not removing it");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("could not remove " + dir);
        }
    }
}
