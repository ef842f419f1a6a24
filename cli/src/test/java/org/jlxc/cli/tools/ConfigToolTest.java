package org.jlxc.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jlxc.cli.Main;
import org.jlxc.config.GlobalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigToolTest {
    @TempDir Path home;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs lxc-config through the framework, as user 1000 with {@link #home}. */
    private int run(String... args) {
        ConfigTool tool = new ConfigTool(() -> GlobalConfig.forUser(1000, home));
        return org.jlxc.cli.ToolRunnerAccess.run(tool, args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listsEveryItemLikeLxc() {
        assertThat(run("-l")).isZero();
        assertThat(out()).isEqualTo("""
                lxc.default_config
                lxc.lxcpath
                lxc.bdev.lvm.vg
                lxc.bdev.lvm.thin_pool
                lxc.bdev.zfs.root
                lxc.cgroup.use
                lxc.cgroup.pattern
                """);
    }

    @Test
    void printsValuesDefaultsAndUnsetItems() throws IOException {
        Path conf = home.resolve(".config/lxc/lxc.conf");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "lxc.bdev.lvm.vg = vg0\n");
        assertThat(run("lxc.lxcpath", "lxc.bdev.lvm.vg", "lxc.cgroup.use")).isZero();
        assertThat(out()).isEqualTo(home + "/.local/share/lxc\nvg0\nlxc.cgroup.use is not set.\n");
    }

    @Test
    void unknownItemsFailOnStdoutAsLxc() {
        assertThat(run("lxc.rootfs")).isEqualTo(1);
        assertThat(out()).isEqualTo("Unknown configuration item: lxc.rootfs\n");
        assertThat(err.size()).isZero();
    }

    @Test
    void noArgumentIsAReminderAndSuccess() {
        assertThat(run()).isZero();
        assertThat(out()).startsWith("Usage: lxc-config -l");
    }

    @Test
    void theCommonLogPriorityKeepsItsLongForm() {
        assertThat(run("--logpriority=debug", "-l")).isZero();
        assertThat(out()).startsWith("lxc.default_config\n");
    }

    @Test
    void isRegistered() {
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        assertThat(Main.run(new String[] {"config", "-l"}, new PrintStream(o), new PrintStream(e))).isZero();
        assertThat(o.toString()).contains("lxc.lxcpath\n");
    }
}
