package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The console keys of lxc-start with real busybox containers: -c / lxc.console.path (a terminal
 * device as the console's peer), lxc.console.size and .rotate, lxc.console.buffer.size.
 */
@Tag("privileged")
class ConsoleIT {
    private static final String NAME = "cn1";

    private static Cmd jlxc(Lxcpath lxc, String tool, String... args) {
        return lxc.jlxc(NAME, tool, args);
    }

    private static void create(Lxcpath lxc) throws Exception {
        lxc.createBusybox(NAME);
    }

    @Test
    void inTheForegroundTheConsoleIsTheDeviceBothWaysAndNotTheCallersOutput() throws Throwable {
        try (Lxcpath lxc = new Lxcpath(); PtyPair pty = new PtyPair()) {
            create(lxc);
            CompletableFuture<Cmd> start = CompletableFuture.supplyAsync(() -> jlxc(lxc, "start", "-F", "-c", pty.slave,
                    "--", "/bin/sh", "-c", "echo via-dev-console >/dev/console; read line; echo \"got $line\"; "
                            + "test -t 0 && echo stdin-is-the-console"));
            assertThat(pty.await("via-dev-console", Duration.ofSeconds(20))).as(pty.output()).isTrue();
            pty.type("typed-in\n");
            Cmd r = start.get(30, TimeUnit.SECONDS).assertOk();
            assertThat(pty.await("stdin-is-the-console", Duration.ofSeconds(5))).as(pty.output()).isTrue();
            assertThat(pty.output()).contains("got typed-in");
            assertThat(r.out()).doesNotContain("via-dev-console").doesNotContain("got");
            HooksIT.Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    @Test
    void aDaemonsBusyboxInitAsksForEnterOnTheDeviceAndRunsAShellThere() throws Throwable {
        try (Lxcpath lxc = new Lxcpath(); PtyPair pty = new PtyPair()) {
            create(lxc);
            Path config = lxc.dir.resolve(NAME).resolve("config");
            Files.writeString(config, Files.readString(config) + "lxc.console.path = " + pty.slave + "\n");
            jlxc(lxc, "start").assertOk();
            try {
                assertThat(pty.await("Please press Enter", Duration.ofSeconds(20))).as(pty.output()).isTrue();
                pty.type("\n");
                Thread.sleep(500);
                pty.type("echo answer-$((6*7))\n");
                assertThat(pty.await("answer-42", Duration.ofSeconds(10))).as(pty.output()).isTrue();
            } finally {
                jlxc(lxc, "stop", "-t", "10").assertOk();
            }
            HooksIT.Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    @Test
    void aMissingOrNonTerminalDeviceFailsTheStartNamingItWithNothingLeft() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            Cmd missing = jlxc(lxc, "start", "-F", "-c", "/dev/cn-no-such-tty", "--", "/bin/true");
            assertThat(missing.exit()).as(missing.toString()).isEqualTo(1);
            assertThat(missing.err()).contains("lxc.console.path /dev/cn-no-such-tty", "no such device");
            Path file = Files.writeString(lxc.dir.resolve("plain-file"), "");
            Cmd plain = jlxc(lxc, "start", "-F", "-s", "lxc.console.path=" + file, "--", "/bin/true");
            assertThat(plain.exit()).as(plain.toString()).isEqualTo(1);
            assertThat(plain.err()).contains("lxc.console.path " + file, "not a terminal");
            // A character device that is no terminal: only the shim can tell, once it opened it.
            Cmd devNull = jlxc(lxc, "start", "-F", "-c", "/dev/null", "--", "/bin/true");
            assertThat(devNull.exit()).as(devNull.toString()).isEqualTo(1);
            assertThat(devNull.err()).contains("/dev/null is not a terminal");
            HooksIT.Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    /** 10000 bytes of x written to /dev/console, then END. */
    private static final String FLOOD = "head -c 10000 /dev/zero | tr '\\000' x >/dev/console; printf END >/dev/console";

    @Test
    void theLogIsRotatedToDotOneAtLxcConsoleSize() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            Path log = lxc.dir.resolve("console.log");
            jlxc(lxc, "start", "-F", "-L", log.toString(), "-s", "lxc.console.size=4000", "-s", "lxc.console.rotate=1",
                    "--", "/bin/sh", "-c", FLOOD).assertOk();
            // 4000 is rounded up to 4096: two full logs, the second one kept as .1, 1811 bytes after.
            assertThat(Files.size(Path.of(log + ".1"))).isEqualTo(4096);
            assertThat(Files.readString(log)).hasSize(10003 - 8192).endsWith("xEND");
            Files.delete(Path.of(log + ".1"));
            Files.delete(log);
            jlxc(lxc, "start", "-F", "-L", log.toString(), "-s", "lxc.console.size=4096", "--", "/bin/sh", "-c", FLOOD)
                    .assertOk();
            assertThat(Path.of(log + ".1")).doesNotExist();
            assertThat(Files.size(log)).isEqualTo(10003 - 8192);
            HooksIT.Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    @Test
    void theRingBufferReplacesTheLogWhenTheContainerStops() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            Path log = lxc.dir.resolve("console.log");
            jlxc(lxc, "start", "-F", "-L", log.toString(), "-s", "lxc.console.buffer.size=4096",
                    "-s", "lxc.console.size=8192", "--", "/bin/sh", "-c", FLOOD).assertOk();
            String kept = Files.readString(log);
            assertThat(kept).hasSize(4096).endsWith("xxxEND");
            HooksIT.Leftovers.assertNothingLeft(lxc, NAME);
        }
    }
}
