package org.jlxc.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command the way a user would (no terminal), with a time limit. */
record Cmd(int exit, String out, String err) {
    static final java.util.concurrent.Executor READERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cmd-output");
        t.setDaemon(true);
        return t;
    });

    static Path jlxcHome() {
        String home = System.getProperty("jlxc.home");
        if (home == null) throw new IllegalStateException("system property jlxc.home is not set");
        return Path.of(home);
    }

    /** `jlxc ARGS...` of the built distribution. */
    static Cmd jlxc(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(jlxcHome().resolve("bin/jlxc").toString());
        argv.addAll(List.of(args));
        return run(argv);
    }

    /** `jlxc ARGS...` in the background, stdin from /dev/null and output discarded: for a test that kills it. */
    static Process spawnJlxc(String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(jlxcHome().resolve("bin/jlxc").toString());
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** A tool left running (lxc-monitor) with its stdout and stderr collected. */
    record Background(Process process, CompletableFuture<String> output) {
        /** Ends it (SIGTERM; again after it ended: nothing) and returns everything it printed. */
        String stop() throws Exception {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            return output.get(10, TimeUnit.SECONDS);
        }
    }

    /** `jlxc ARGS...` in the background, its output (stdout and stderr together) collected. */
    static Background backgroundJlxc(String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(jlxcHome().resolve("bin/jlxc").toString());
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        return new Background(p, CompletableFuture.supplyAsync(() -> read(p.getInputStream()), READERS));
    }

    static Cmd run(String... argv) {
        return run(List.of(argv));
    }

    static Cmd run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            // Own threads, not the common pool: a test may keep that busy (2 CPUs: one worker).
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()), READERS);
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()), READERS);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after 60 s: " + argv);
            }
            return new Cmd(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Cmd assertOk() {
        if (exit != 0) throw new AssertionError("exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
        return this;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
    }
}
