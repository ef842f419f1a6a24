package org.jlxc.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jlxc.cli.ToolRunnerAccess;
import org.jlxc.cli.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallToolTest {
    @TempDir Path tmp;
    private Path home;
    private Path prefix;
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    @BeforeEach
    void fakeDistribution() throws IOException {
        home = tmp.resolve("dist/jlxc");
        prefix = tmp.resolve("usr");
        write(home.resolve("bin/jlxc"), "#!/bin/sh\n", "rwxr-xr-x");
        write(home.resolve("lib/jlxc-cli.jar"), "jar", "rw-r--r--");
        write(home.resolve("lib/java-home"), "/usr/lib/jvm/jdk-25\n", "rw-r--r--");
        write(home.resolve("lib/jlxc.aot"), "cache trained for the old paths", "rw-r--r--");
        write(home.resolve("libexec/jlxc-shim"), "elf", "rwxr-xr-x");
        Files.createSymbolicLink(home.resolve("lib/cli.jar"), Path.of("jlxc-cli.jar"));
    }

    private static void write(Path file, String text, String mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    private int install(Path from, String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return ToolRunnerAccess.run(new InstallTool(from), args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void copiesTheTreeAndLinksEveryTool() throws IOException {
        assertThat(install(home, "--prefix", prefix.toString())).as(err()).isZero();
        Path lib = prefix.resolve("lib/jlxc");
        assertThat(lib.resolve("lib/jlxc-cli.jar")).hasContent("jar");
        assertThat(Files.isExecutable(lib.resolve("bin/jlxc"))).isTrue();
        assertThat(Files.getPosixFilePermissions(lib.resolve("libexec/jlxc-shim")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.readSymbolicLink(lib.resolve("lib/cli.jar"))).isEqualTo(Path.of("jlxc-cli.jar"));
        assertThat(lib.resolve("lib/jlxc.aot")).as("a cache for other paths is not copied").doesNotExist();

        Path bin = prefix.resolve("bin");
        assertThat(Files.readSymbolicLink(bin.resolve("jlxc"))).isEqualTo(Path.of("../lib/jlxc/bin/jlxc"));
        assertThat(bin.resolve("jlxc").toRealPath()).isEqualTo(lib.resolve("bin/jlxc").toRealPath());
        for (String tool : Tools.names()) {
            Path link = bin.resolve("lxc-" + tool);
            if (tool.equals("install")) {
                assertThat(link).doesNotExist();
            } else {
                assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("jlxc"));
                assertThat(link.toRealPath()).isEqualTo(lib.resolve("bin/jlxc").toRealPath());
            }
        }
        assertThat(out()).contains("copied " + home.toRealPath() + " to " + lib)
                .contains("linked " + bin.resolve("jlxc"))
                .contains("lxc-config")
                .contains("no AOT cache")
                .endsWith("installed jlxc in " + prefix + "\n");
    }

    @Test
    void reinstallingReplacesTheOldInstallation() throws IOException {
        assertThat(install(home, "--prefix=" + prefix)).isZero();
        Path leftover = prefix.resolve("lib/jlxc/lib/old.jar");
        Files.writeString(leftover, "old");
        Path gone = prefix.resolve("bin/lxc-removedtool");
        Files.createSymbolicLink(gone, Path.of("jlxc"));
        Path foreign = prefix.resolve("bin/lxc-foreign");
        Files.createSymbolicLink(foreign, Path.of("lxc-start.real"));
        Files.writeString(home.resolve("lib/jlxc-cli.jar"), "new jar");

        assertThat(install(home, "--prefix=" + prefix)).as(err()).isZero();
        assertThat(prefix.resolve("lib/jlxc/lib/jlxc-cli.jar")).hasContent("new jar");
        assertThat(leftover).doesNotExist();
        assertThat(Files.exists(gone, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.isSymbolicLink(foreign)).as("not ours: kept").isTrue();
        assertThat(out()).contains("removed " + gone);
    }

    @Test
    void trainsTheAotCacheOfTheInstalledTree() throws IOException {
        write(home.resolve("libexec/train-aot"), "#!/bin/sh\necho \"$1\" > \"$1/lib/trained-for\"\necho training\n",
                "rwxr-xr-x");
        assertThat(install(home, "--prefix", prefix.toString())).as(err()).isZero();
        Path lib = prefix.resolve("lib/jlxc");
        assertThat(lib.resolve("lib/trained-for")).hasContent(lib.toString());
        assertThat(out()).contains("training the AOT cache");
        assertThat(err()).isEqualTo("training\n");
    }

    @Test
    void aFailingTrainingFailsTheInstall() throws IOException {
        write(home.resolve("libexec/train-aot"), "#!/bin/sh\nexit 3\n", "rwxr-xr-x");
        assertThat(install(home, "--prefix", prefix.toString())).isEqualTo(1);
        assertThat(err()).contains("train-aot failed with exit code 3");
    }

    @Test
    void refusesToReplaceRealCommands() throws IOException {
        write(prefix.resolve("bin/lxc-config"), "LXC's own", "rwxr-xr-x");
        assertThat(install(home, "--prefix", prefix.toString())).isEqualTo(1);
        assertThat(err()).isEqualTo("lxc-install: refusing to replace " + prefix.resolve("bin/lxc-config")
                + ": it is not a symbolic link\n");
        assertThat(prefix.resolve("lib/jlxc")).as("nothing done").doesNotExist();
        assertThat(prefix.resolve("bin/lxc-config")).hasContent("LXC's own");
    }

    @Test
    void refusesToReplaceADirectoryThatIsNotJlxc() throws IOException {
        write(prefix.resolve("lib/jlxc/precious"), "data", "rw-r--r--");
        assertThat(install(home, "--prefix", prefix.toString())).isEqualTo(1);
        assertThat(err()).contains("is not a jlxc installation");
        assertThat(prefix.resolve("lib/jlxc/precious")).hasContent("data");
    }

    @Test
    void refusesToInstallIntoItself() {
        assertThat(install(home, "--prefix", home.toString())).isEqualTo(1);
        assertThat(err()).contains("overlaps");
    }

    @Test
    void reinstallingTheRunningTreeKeepsIt() throws IOException {
        assertThat(install(home, "--prefix", prefix.toString())).isZero();
        Path installed = prefix.resolve("lib/jlxc");
        assertThat(install(installed, "--prefix", prefix.toString())).as(err()).isZero();
        assertThat(out()).contains("kept " + installed);
        assertThat(installed.resolve("lib/jlxc-cli.jar")).hasContent("jar");
    }

    @Test
    void needsAJlxcTree() {
        assertThat(install(tmp.resolve("nothing"), "--prefix", prefix.toString())).isEqualTo(1);
        assertThat(err()).isEqualTo("lxc-install: " + tmp.resolve("nothing") + " is not a jlxc tree (it has no bin/jlxc)\n");
    }

    @Test
    void withoutJlxcHomeItExplainsHowToRunIt() {
        assumeTrue(System.getProperty("jlxc.home") == null);
        assertThat(install(null, "--prefix", prefix.toString())).isEqualTo(1);
        assertThat(err()).contains("jlxc.home is not set");
    }
}
