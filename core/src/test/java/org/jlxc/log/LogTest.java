package org.jlxc.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTest {
    private static final long T = Instant.parse("2026-11-29T02:25:00.123Z").toEpochMilli();

    @TempDir Path tmp;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream stderr = new PrintStream(console, true, StandardCharsets.UTF_8);

    @AfterEach
    void reset() {
        Log.reset();
    }

    private void configure(LogLevel level, Path file, boolean quiet) throws IOException {
        Log.configure("lxc-start", "c1", level, file, quiet ? null : stderr, () -> T);
    }

    @Test
    void fileGetsLinesFromThePriorityUpConsoleGetsErrors() throws IOException {
        Path file = tmp.resolve("sub/c1.log");
        configure(LogLevel.INFO, file, false);
        System.Logger log = System.getLogger("org.jlxc.Example");
        log.log(System.Logger.Level.DEBUG, "not written");
        log.log(System.Logger.Level.INFO, "starting {0}", "c1");
        log.log(System.Logger.Level.WARNING, "odd");
        log.log(System.Logger.Level.ERROR, "failed");
        Log.reset(); // closes the file
        assertThat(Files.readString(file)).isEqualTo("""
                lxc-start c1 20261129022500.123 INFO     org.jlxc.Example - starting c1
                lxc-start c1 20261129022500.123 WARN     org.jlxc.Example - odd
                lxc-start c1 20261129022500.123 ERROR    org.jlxc.Example - failed
                """);
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("lxc-start: failed\n");
    }

    @Test
    void theFileIsAppendedTo() throws IOException {
        Path file = tmp.resolve("c1.log");
        Files.writeString(file, "earlier\n");
        configure(LogLevel.ERROR, file, true);
        Log.log("x", LogLevel.FATAL, "late", null);
        Log.reset();
        assertThat(Files.readString(file)).isEqualTo("earlier\nlxc-start c1 20261129022500.123 FATAL    x - late\n");
    }

    @Test
    void quietSilencesTheConsole() throws IOException {
        configure(LogLevel.TRACE, null, true);
        System.getLogger("x").log(System.Logger.Level.ERROR, "nobody hears this");
        assertThat(console.size()).isZero();
        assertThat(System.getLogger("x").isLoggable(System.Logger.Level.ERROR)).isFalse();
    }

    @Test
    void aHighPriorityHidesErrorsFromTheConsoleToo() throws IOException {
        configure(LogLevel.FATAL, null, false);
        Log.log("x", LogLevel.ERROR, "hidden", null);
        Log.log("x", LogLevel.FATAL, "shown", null);
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("lxc-start: shown\n");
    }

    @Test
    void stackTracesOnlyAtDebug() throws IOException {
        configure(LogLevel.ERROR, null, false);
        Log.log("x", LogLevel.ERROR, "boom", new IllegalStateException("inner"));
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("lxc-start: boom\n");
        console.reset();
        configure(LogLevel.DEBUG, null, false);
        Log.log("x", LogLevel.ERROR, "boom", new IllegalStateException("inner"));
        assertThat(console.toString(StandardCharsets.UTF_8))
                .startsWith("lxc-start: boom\njava.lang.IllegalStateException: inner\n\tat ");
    }

    @Test
    void systemLoggerLevelsMapToLxcPriorities() throws IOException {
        configure(LogLevel.WARN, null, false);
        System.Logger log = System.getLogger("y");
        assertThat(log.getName()).isEqualTo("y");
        assertThat(log.isLoggable(System.Logger.Level.ERROR)).isTrue();
        assertThat(log.isLoggable(System.Logger.Level.WARNING)).as("no file: only ERROR+ goes anywhere").isFalse();
        assertThat(log.isLoggable(System.Logger.Level.OFF)).isFalse();
        assertThat(LogLevel.of(System.Logger.Level.WARNING)).isEqualTo(LogLevel.WARN);
        assertThat(LogLevel.of(System.Logger.Level.ALL)).isEqualTo(LogLevel.TRACE);
    }

    @Test
    void levelsParseCaseInsensitively() {
        assertThat(LogLevel.parse("debug")).isEqualTo(LogLevel.DEBUG);
        assertThat(LogLevel.parse("Crit")).isEqualTo(LogLevel.CRIT);
        assertThatThrownBy(() -> LogLevel.parse("loud"))
                .hasMessage("invalid log priority 'loud' (one of TRACE DEBUG INFO NOTICE WARN ERROR CRIT ALERT FATAL)");
    }

    @Test
    void anUnopenableFileFailsConfiguration() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("adir"));
        assertThatThrownBy(() -> configure(LogLevel.ERROR, dir, false)).isInstanceOf(IOException.class);
    }

    @Test
    void unconfiguredLoggingIsErrorsToStderrAsJlxc() {
        assertThat(Log.program()).isEqualTo("jlxc");
        assertThat(Log.level()).isEqualTo(LogLevel.ERROR);
    }

    @Test
    void anUnknownToolPriorityLogsAsErrorAsInLxc() {
        org.assertj.core.api.Assertions.assertThat(LogLevel.parseOrError("debug")).isEqualTo(LogLevel.DEBUG);
        org.assertj.core.api.Assertions.assertThat(LogLevel.parseOrError("BOGUS")).isEqualTo(LogLevel.ERROR);
    }
}
