package org.jlxc.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    /** `jlxc TOOL -P THIS -n NAME ARGS...`. */
    Cmd jlxc(String name, String tool, String... args) {
        List<String> argv = new ArrayList<>(List.of(tool, "-P", path(), "-n", name));
        argv.addAll(List.of(args));
        return Cmd.jlxc(argv.toArray(String[]::new));
    }

    /** A busybox container made by `jlxc create`, with no network device but its loopback. */
    void createBusybox(String name) throws IOException {
        Path net = dir.resolve("net.conf");
        Files.writeString(net, "lxc.net.0.type = empty\n");
        Cmd.jlxc("create", "-P", path(), "-n", name, "-t", "busybox", "-f", net.toString()).assertOk();
    }

    /** As {@link #createBusybox(String)}, with `extra` appended to its config; returns the config file. */
    Path createBusybox(String name, String extra) throws IOException {
        createBusybox(name);
        Path config = config(name);
        Files.writeString(config, Files.readString(config) + extra);
        return config;
    }

    /**
     * A busybox container made by LXC's own `lxc-create -t busybox`, with no network device but
     * its loopback and `extra` in the config given to lxc-create.
     */
    void lxcCreateBusybox(String name, String extra) throws IOException {
        Path net = dir.resolve("net-" + name + ".conf");
        Files.writeString(net, "lxc.net.0.type = empty\n" + extra);
        Cmd.run("lxc-create", "-P", path(), "-n", name, "-t", "busybox", "-f", net.toString()).assertOk();
    }

    /** The container's config file. */
    Path config(String name) {
        return dir.resolve(name).resolve("config");
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
