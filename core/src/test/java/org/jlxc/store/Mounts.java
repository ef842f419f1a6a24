package org.jlxc.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test mounts made with mount(8); each is unmounted by {@link #close}, whatever happened. */
final class Mounts implements AutoCloseable {
    private final List<Path> mounted = new ArrayList<>();

    void tmpfs(Path where) throws Exception {
        run("mount", "-t", "tmpfs", "-o", "size=1m", "jlxc-test", where.toString());
        mounted.add(where);
    }

    void bind(Path from, Path where) throws Exception {
        run("mount", "--bind", from.toString(), where.toString());
        mounted.add(where);
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (Path where : mounted.reversed()) {
            try {
                run("umount", where.toString());
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        mounted.clear();
        if (first != null) {
            throw first;
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
