package org.jlxc.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyboxTemplateTest {
    @TempDir
    Path tmp;

    @Test
    void missingBusyboxIsAClearError() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        TemplateContext ctx = new TemplateContext("b", tmp, rootfs, List.of("--busybox-path=" + tmp.resolve("none")),
                line -> { }, line -> { });
        assertThatThrownBy(() -> new BusyboxTemplate().create(ctx))
                .isInstanceOf(TemplateException.class)
                .hasMessage("busybox binary not found or not executable: " + tmp.resolve("none"));
        assertThat(rootfs).isEmptyDirectory();
    }

    @Test
    void copiesTheGivenBusybox() throws Exception {
        Path busybox = Path.of("/usr/bin/busybox").toRealPath();
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        List<String> config = new ArrayList<>();
        List<String> progress = new ArrayList<>();
        new BusyboxTemplate().create(new TemplateContext("b", tmp, rootfs, List.of("--busybox-path", busybox.toString()),
                progress::add, config::add));
        assertThat(rootfs.resolve("bin/busybox")).hasSameBinaryContentAs(busybox);
        assertThat(Files.getAttribute(rootfs.resolve("bin/busybox"), "unix:mode")).isEqualTo(0106755);
        assertThat(config).contains("lxc.uts.name = \"b\"", "lxc.signal.halt = SIGUSR1");
        assertThat(progress).contains("Copying " + busybox);
    }
}
