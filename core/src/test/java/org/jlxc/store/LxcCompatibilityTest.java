package org.jlxc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jlxc.template.Templates;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Side by side with the real LXC 5 tools (which must be installed: CI installs them; a missing
 * lxc-create fails these tests rather than skipping them).
 */
@Tag("privileged")
class LxcCompatibilityTest {
    static final Path DEFAULT_CONFIG = Path.of("/etc/lxc/default.conf");

    @TempDir
    Path tmp;

    static String lxc(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    static List<String> settings(Path config, Path lxcpath) throws Exception {
        return Files.readAllLines(config).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.replace(lxcpath.toString(), "LXCPATH"))
                .toList();
    }

    @Test
    void busyboxTemplateMatchesLxcBusybox() throws Exception {
        Path theirs = tmp.resolve("lxc");
        Path ours = tmp.resolve("jlxc");
        lxc("lxc-create", "-P", theirs.toString(), "-n", "bb", "-t", "busybox");
        try {
            new ContainerCreator(ours, DEFAULT_CONFIG, Templates.builtIn(), line -> { }, line -> { })
                    .create(CreateRequest.of("bb", "busybox"));

            assertThat(TreeListing.of(ours.resolve("bb/rootfs")))
                    .isEqualTo(TreeListing.of(theirs.resolve("bb/rootfs")));
            assertThat(TreeListing.describe(ours.resolve("bb")))
                    .isEqualTo(TreeListing.describe(theirs.resolve("bb")));
            assertThat(TreeListing.describe(ours.resolve("bb/config")))
                    .isEqualTo(TreeListing.describe(theirs.resolve("bb/config")));
            for (String file : List.of("etc/passwd", "etc/group", "etc/inittab", "etc/init.d/rcS", "etc/fstab", "etc/shadow")) {
                assertThat(ours.resolve("bb/rootfs").resolve(file)).as(file)
                        .hasSameTextualContentAs(theirs.resolve("bb/rootfs").resolve(file));
            }
            assertThat(settings(ours.resolve("bb/config"), ours))
                    .containsExactlyElementsOf(settings(theirs.resolve("bb/config"), theirs));
        } finally {
            lxc("lxc-destroy", "-P", theirs.toString(), "-n", "bb");
        }
    }

    @Test
    void eachSideDestroysTheOthersContainers() throws Exception {
        Path lxcpath = tmp.resolve("lxc");
        lxc("lxc-create", "-P", lxcpath.toString(), "-n", "theirs", "-t", "busybox");
        ContainerCreator creator = new ContainerCreator(lxcpath, DEFAULT_CONFIG, Templates.builtIn(), l -> { }, l -> { });
        creator.create(CreateRequest.of("ours", "busybox"));
        creator.create(CreateRequest.of("host", "host"));

        new ContainerDestroyer(RunningContainers.NONE).destroy(new ContainerDir(lxcpath, "theirs"));
        lxc("lxc-destroy", "-P", lxcpath.toString(), "-n", "ours");
        lxc("lxc-destroy", "-P", lxcpath.toString(), "-n", "host");
        assertThat(lxcpath).isEmptyDirectory();
    }
}
