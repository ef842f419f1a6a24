package org.jlxc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jlxc.config.ContainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lxc.console.* keys in the plan: peer device, log limit and rotation, ring buffer. */
class PlanBuilderConsoleTest {
    @TempDir
    Path dir;

    private ContainerConfig config(String text) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, "lxc.rootfs.path = /srv/c1\n" + text);
        return ContainerConfig.load(file, w -> {});
    }

    /** The console ops of the plan, in order. */
    private List<String> consoleOps(String text, PlanBuilder.Console console, String log) throws Exception {
        Plan p = PlanBuilder.build(new PlanBuilder.Request("c1", config(text), List.of("/sbin/init"), false, console,
                List.of(), PlanBuilder.Host.TYPICAL, log, null, java.util.Map.of(), null));
        return PlanDump.dump(p).lines().filter(l -> l.startsWith("CONSOLE") && !l.startsWith("CONSOLE_MOUNT"))
                .toList();
    }

    @Test
    void aPeerDeviceMakesThePtyInitsStdioRelayedToTheDeviceInTheForegroundToo() throws Exception {
        assertThat(consoleOps("lxc.console.path = /dev/pts/9\n", PlanBuilder.Console.RELAYED, null)).containsExactly(
                "CONSOLE mode=3 optional=0", "CONSOLE_PEER path=\"/dev/pts/9\" optional=0");
        assertThat(consoleOps("lxc.console.path = /dev/pts/9\n", PlanBuilder.Console.HELD, null)).containsExactly(
                "CONSOLE mode=3 optional=0", "CONSOLE_PEER path=\"/dev/pts/9\" optional=0");
    }

    @Test
    void noneHasNoConsoleAndNoPeer() throws Exception {
        assertThat(consoleOps("lxc.console.path = none\nlxc.console.buffer.size = auto\n", PlanBuilder.Console.NONE,
                null)).containsExactly("CONSOLE mode=0 optional=0");
    }

    @Test
    void theLogSizeIsAPageAtLeastAndAPowerOfTwoAndRotateGoesWithIt() throws Exception {
        assertThat(consoleOps("lxc.console.size = 5000\nlxc.console.rotate = 1\n", PlanBuilder.Console.HELD,
                "/var/log/c1.console")).containsExactly("CONSOLE mode=3 optional=0",
                "CONSOLE_LOG path=\"/var/log/c1.console\" optional=0",
                "CONSOLE_LOG_SIZE size=8192 rotate=1 optional=0");
        assertThat(consoleOps("lxc.console.size = 1\n", PlanBuilder.Console.HELD, "/l"))
                .contains("CONSOLE_LOG_SIZE size=4096 rotate=0 optional=0");
        assertThat(consoleOps("lxc.console.size = auto\n", PlanBuilder.Console.HELD, "/l"))
                .contains("CONSOLE_LOG_SIZE size=131072 rotate=0 optional=0");
    }

    @Test
    void sizeAndRotateWithoutALogFileAreNothingToEnforceAsInLxc() throws Exception {
        assertThat(consoleOps("lxc.console.size = 64KB\nlxc.console.rotate = 1\n", PlanBuilder.Console.HELD, null))
                .containsExactly("CONSOLE mode=3 optional=0");
    }

    @Test
    void theRingBufferFollowsTheSameRounding() throws Exception {
        assertThat(consoleOps("lxc.console.buffer.size = 1MB\n", PlanBuilder.Console.HELD, null))
                .containsExactly("CONSOLE mode=3 optional=0", "CONSOLE_BUFFER size=1048576 optional=0");
        assertThat(consoleOps("lxc.console.buffer.size = auto\n", PlanBuilder.Console.MOUNTED, null))
                .contains("CONSOLE_BUFFER size=131072 optional=0");
        assertThat(consoleOps("lxc.console.buffer.size = 0\n", PlanBuilder.Console.HELD, null))
                .contains("CONSOLE_BUFFER size=4096 optional=0");
    }

    @Test
    void sizesAsLxcRoundsThem() {
        assertThat(ConsoleOptions.size(null)).isZero();
        assertThat(ConsoleOptions.size(-1L)).isEqualTo(131072);
        assertThat(ConsoleOptions.size(4096L)).isEqualTo(4096);
        assertThat(ConsoleOptions.size(4097L)).isEqualTo(8192);
        assertThat(ConsoleOptions.size(3L << 20)).isEqualTo(4L << 20);
    }
}
