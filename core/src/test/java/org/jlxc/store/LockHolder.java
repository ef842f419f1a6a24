package org.jlxc.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Another process (python3) holding an fcntl write lock on a file until closed, like a running lxc-create. */
final class LockHolder implements AutoCloseable {
    private static final String SCRIPT = """
            import fcntl, sys
            f = open(sys.argv[1], 'r+')
            fcntl.lockf(f, fcntl.LOCK_EX)
            print('locked', flush=True)
            sys.stdin.read()
            """;

    private final Process process;

    LockHolder(Path file) throws IOException {
        process = new ProcessBuilder(List.of("python3", "-c", SCRIPT, file.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (!"locked".equals(line)) {
            process.destroyForcibly();
            throw new IOException("lock holder did not lock " + file + ": " + line);
        }
    }

    /** Whether another process could take a write lock on the file right now (0 = yes). */
    static int tryLockElsewhere(Path file) throws Exception {
        Process p = new ProcessBuilder(List.of("python3", "-c", """
                import fcntl, sys
                f = open(sys.argv[1], 'r+')
                try:
                    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    sys.exit(1)
                """, file.toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("python3 lock probe hung");
        }
        return p.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
