package org.jlxc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.jlxc.config.GlobalConfig;
import org.jlxc.log.Log;
import org.jlxc.log.LogLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolRunnerTest {
    @TempDir Path tmp;
    private final Captured io = new Captured();

    /** A tool that records its invocation and does what the test tells it to. */
    private static final class FakeTool implements Tool {
        interface Body { int run(Invocation inv) throws Exception; }

        final boolean needsName;
        final Body body;
        final List<Option> options;
        Invocation seen;

        FakeTool(boolean needsName, Body body, Option... options) {
            this.needsName = needsName;
            this.body = body;
            this.options = List.of(options);
        }

        @Override public String name() { return "fake"; }
        @Override public String summary() { return "a fake"; }
        @Override public String description() { return "lxc-fake --name=NAME\n\nlxc-fake fakes things\n"; }
        @Override public List<Option> options() { return options; }
        @Override public boolean needsName() { return needsName; }

        @Override
        public int run(Invocation inv) throws Exception {
            seen = inv;
            return body.run(inv);
        }
    }

    @AfterEach
    void loggingIsResetAfterEveryRun() {
        assertThat(Log.program()).isEqualTo("jlxc");
        assertThat(Log.level()).isEqualTo(LogLevel.ERROR);
    }

    private int run(Tool tool, String... args) {
        return ToolRunner.run(tool, List.of(args), io.out, io.err);
    }

    @Test
    void aMissingNameIsAnError() {
        FakeTool t = new FakeTool(true, inv -> 0);
        assertThat(run(t, "-q")).isEqualTo(1);
        assertThat(io.err()).isEqualTo("lxc-fake: missing container name, use --name option\n");
        assertThat(t.seen).isNull();
    }

    @Test
    void theFirstArgumentIsTheNameWithoutDashN() {
        FakeTool t = new FakeTool(true, inv -> 0);
        assertThat(run(t, "c1", "a", "--", "-b")).isZero();
        assertThat(t.seen.name()).isEqualTo("c1");
        assertThat(t.seen.arguments()).containsExactly("a", "-b");
        assertThat(t.seen.program()).isEqualTo("lxc-fake");
    }

    @Test
    void withDashNEveryArgumentStays() {
        FakeTool t = new FakeTool(true, inv -> 0);
        assertThat(run(t, "-n", "c1", "a")).isZero();
        assertThat(t.seen.name()).isEqualTo("c1");
        assertThat(t.seen.arguments()).containsExactly("a");
    }

    @Test
    void toolsWithoutNameKeepTheirArguments() {
        FakeTool t = new FakeTool(false, inv -> 0);
        assertThat(run(t, "a")).isZero();
        assertThat(t.seen.name()).isNull();
        assertThat(t.seen.arguments()).containsExactly("a");
    }

    @Test
    void lxcpathLosesTrailingSlashesAndDefaultsToTheGlobalConfig() {
        FakeTool t = new FakeTool(true, inv -> 0);
        run(t, "-n", "c1", "-P", "/srv/lxc///", "-P", "/other");
        assertThat(t.seen.lxcpath()).isEqualTo(Path.of("/srv/lxc"));
        run(t, "-n", "c1", "--lxcpath=/");
        assertThat(t.seen.lxcpath()).isEqualTo(Path.of("/"));
        run(t, "-n", "c1");
        assertThat(t.seen.lxcpath()).isEqualTo(GlobalConfig.forCurrentUser().lxcpath());
        assertThat(ToolRunner.stripTrailingSlashes("a/b/")).isEqualTo("a/b");
    }

    @Test
    void toolOptionsAndRcfile() {
        FakeTool t = new FakeTool(true, inv -> 0, Option.flag('d', "daemon", "d"),
                Option.withArg('s', "define", "KEY=VAL", "s"), Option.withArg('f', "rcfile", "FILE", "f"));
        assertThat(run(t, "-dn", "c1", "-s", "a=1", "--define=b=2", "-f", "/etc/c1.conf")).isZero();
        assertThat(t.seen.has("daemon")).isTrue();
        assertThat(t.seen.has("quiet")).isFalse();
        assertThat(t.seen.values("define")).containsExactly("a=1", "b=2");
        assertThat(t.seen.value("define")).isEqualTo("b=2");
        assertThat(t.seen.rcfile()).isEqualTo(Path.of("/etc/c1.conf"));
    }

    @Test
    void theToolsOwnRcfileIsListedWithItsOptions() {
        FakeTool t = new FakeTool(true, inv -> 0, Option.withArg('f', "rcfile", "FILE", "Load FILE"));
        assertThat(run(t, "--help")).isZero();
        String help = io.out();
        assertThat(help.indexOf("-f, --rcfile=FILE")).isLessThan(help.indexOf("Common options :"));
        assertThat(help).containsOnlyOnce("--rcfile");
    }

    @Test
    void exitCodesPassThrough() {
        assertThat(run(new FakeTool(true, inv -> 3), "c1")).isEqualTo(3);
    }

    @Test
    void usageExceptionsAreOneLine() {
        assertThat(run(new FakeTool(true, inv -> { throw new UsageException("-k and -r conflict"); }), "c1")).isEqualTo(1);
        assertThat(io.err()).isEqualTo("lxc-fake: -k and -r conflict\n");
    }

    @Test
    void otherExceptionsAreOneLineWithoutStackTrace() {
        FakeTool t = new FakeTool(true, inv -> { throw new IOException("disk on fire"); });
        assertThat(run(t, "c1")).isEqualTo(1);
        assertThat(io.err()).isEqualTo("lxc-fake: disk on fire\n");
    }

    @Test
    void fileErrorsReadLikeStrerror() {
        assertThat(run(new FakeTool(true, inv -> { throw new NoSuchFileException("/var/lib/lxc/c1/config"); }), "c1"))
                .isEqualTo(1);
        assertThat(io.err()).isEqualTo("lxc-fake: /var/lib/lxc/c1/config: No such file or directory\n");
    }

    @Test
    void optionsAfterTheNameCountAsInLxc() {
        FakeTool t = new FakeTool(true, inv -> 0);
        assertThat(run(t, "c1", "-l", "DEBUG", "a")).isZero();
        assertThat(t.seen.name()).isEqualTo("c1");
        assertThat(t.seen.value("logpriority")).isEqualTo("DEBUG");
        assertThat(t.seen.arguments()).containsExactly("a");
    }

    @Test
    void afterDoubleDashEverythingIsAnArgument() {
        FakeTool t = new FakeTool(true, inv -> 0);
        assertThat(run(t, "-n", "c1", "--", "ls", "-l")).isZero();
        assertThat(t.seen.arguments()).containsExactly("ls", "-l");
        assertThat(t.seen.has("logpriority")).isFalse();
    }

    @Test
    void posixlyCorrectStopsAtTheFirstArgument() {
        assertThat(ToolRunner.ordering(null)).isEqualTo(Getopt.Ordering.PERMUTE);
        assertThat(ToolRunner.ordering("1")).isEqualTo(Getopt.Ordering.REQUIRE_ORDER);
    }

    @Test
    void debugShowsTheStackTrace() {
        FakeTool t = new FakeTool(true, inv -> { throw new IllegalStateException("broken"); });
        assertThat(run(t, "-l", "debug", "c1")).isEqualTo(1);
        assertThat(io.err()).startsWith("lxc-fake: broken\njava.lang.IllegalStateException: broken\n\tat ");
    }

    @Test
    void quietShowsNothing() {
        FakeTool t = new FakeTool(true, inv -> { throw new IllegalStateException("broken"); });
        assertThat(run(t, "-q", "c1")).isEqualTo(1);
        assertThat(io.err()).isEmpty();
    }

    @Test
    void anUnknownLogPriorityIsAcceptedSilentlyAsLxcDoes() {
        FakeTool t = new FakeTool(true, inv -> 0);
        assertThat(run(t, "-l", "loud", "c1")).isZero();
        assertThat(io.err()).isEmpty();
        assertThat(t.seen).isNotNull();
        assertThat(org.jlxc.log.Log.level()).isEqualTo(org.jlxc.log.LogLevel.ERROR);
    }

    @Test
    void theToolLogsToTheLogFile() throws IOException {
        Path file = tmp.resolve("c1.log");
        FakeTool t = new FakeTool(true, inv -> {
            System.getLogger("org.jlxc.fake").log(System.Logger.Level.INFO, "hello");
            System.getLogger("org.jlxc.fake").log(System.Logger.Level.DEBUG, "not at INFO");
            return 0;
        });
        assertThat(run(t, "-n", "c1", "-o", file.toString(), "-l", "info")).isZero();
        assertThat(Files.readString(file)).matches("lxc-fake c1 \\d{14}\\.\\d{3} INFO     org\\.jlxc\\.fake - hello\n");
        assertThat(io.err()).isEmpty();
    }

    @Test
    void logfileNoneWritesNoFile() {
        FakeTool t = new FakeTool(true, inv -> {
            System.getLogger("x").log(System.Logger.Level.INFO, "hello");
            return 0;
        });
        assertThat(run(t, "-n", "c1", "-o", "none", "-l", "info")).isZero();
        assertThat(tmp.resolve("none")).doesNotExist();
        assertThat(Path.of("none")).doesNotExist();
    }

    @Test
    void anUnopenableLogFileFails() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("dir"));
        FakeTool t = new FakeTool(true, inv -> 0);
        assertThat(run(t, "-n", "c1", "-o", dir.toString())).isEqualTo(1);
        assertThat(io.err()).startsWith("lxc-fake: cannot open the log file: " + dir);
        assertThat(t.seen).isNull();
    }

    @Test
    void helpWinsOverMissingName() {
        FakeTool t = new FakeTool(true, inv -> 0);
        assertThat(run(t, "--help")).isZero();
        assertThat(io.out()).startsWith("Usage: lxc-fake --name=NAME\n\nlxc-fake fakes things\n\nCommon options :\n");
        assertThat(t.seen).isNull();
    }
}
