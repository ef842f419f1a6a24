package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** lxc-console, lxc-autostart, lxc-monitor, console and log files, on real busybox containers. */
@Tag("privileged")
class LifecycleToolsIT {

    private static void create(Lxcpath lxc, String name, String... extraConfig) throws Exception {
        Path net = lxc.dir.resolve("net.conf");
        Files.writeString(net, "lxc.net.0.type = empty\n");
        Cmd.jlxc("create", "-P", lxc.path(), "-n", name, "-t", "busybox", "-f", net.toString()).assertOk();
        Path config = lxc.dir.resolve(name).resolve("config");
        Files.writeString(config, Files.readString(config) + String.join("\n", extraConfig) + "\n");
    }

    @Test
    void consoleAttachesToTheConsoleAndDetachesWithTheEscape() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "lt");
            Path log = lxc.dir.resolve("console.log");
            // init reads the console: what lxc-console types reaches it and its answer comes back.
            Cmd.jlxc("start", "-P", lxc.path(), "-n", "lt", "-L", log.toString(), "--", "/bin/sh", "-c",
                    "echo booted; while read line; do echo \"got:$line\"; done").assertOk();
            String jlxc = Cmd.jlxcHome().resolve("bin/jlxc").toString();
            // Type a line, wait for the echo, then Ctrl+a q.
            Cmd r = Cmd.run("sh", "-c", "(sleep 1; printf 'hello\\r'; sleep 1; printf '\\001q') | script -qec '"
                    + jlxc + " console -P " + lxc.path() + " -n lt -t 0' /dev/null");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains("got:hello");
            assertThat(r.out() + r.err()).contains("Ctrl+a q");
            // Before the client attached, the shim drained the console into the -L file.
            assertThat(Files.readString(log)).contains("booted");
            Cmd.jlxc("stop", "-P", lxc.path(), "-n", "lt", "-k").assertOk();
            Cmd notRunning = Cmd.jlxc("console", "-P", lxc.path(), "-n", "lt");
            assertThat(notRunning.exit()).isEqualTo(1);
            assertThat(notRunning.err()).contains("lt is not running");
        }
    }

    @Test
    void autostartStartsTheMarkedContainersInOrderAndStopsThem() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "lt1", "lxc.start.auto = 1", "lxc.start.order = 2", "lxc.init.cmd = /bin/sleep 1000");
            create(lxc, "lt2", "lxc.start.auto = 1", "lxc.start.order = 1", "lxc.init.cmd = /bin/sleep 1000");
            create(lxc, "lt3", "lxc.start.auto = 1", "lxc.group = web", "lxc.init.cmd = /bin/sleep 1000");
            create(lxc, "lt4", "lxc.init.cmd = /bin/sleep 1000");
            assertThat(Cmd.jlxc("autostart", "-P", lxc.path(), "-L").assertOk().out()).isEqualTo("lt2 0\nlt1 0\n");
            assertThat(Cmd.jlxc("autostart", "-P", lxc.path(), "-L", "-g", "web").assertOk().out()).isEqualTo("lt3 0\n");
            assertThat(Cmd.jlxc("autostart", "-P", lxc.path(), "-L", "-a").assertOk().out()).hasLineCount(3);
            Cmd.jlxc("autostart", "-P", lxc.path()).assertOk();
            assertThat(Cmd.jlxc("ls", "-P", lxc.path(), "-1", "--running").out()).isEqualTo("lt1\nlt2\n");
            assertThat(Cmd.jlxc("autostart", "-P", lxc.path(), "-L").assertOk().out()).isEmpty();
            assertThat(Cmd.jlxc("autostart", "-P", lxc.path(), "-L", "-k").assertOk().out()).isEqualTo("lt1\nlt2\n");
            Cmd.jlxc("autostart", "-P", lxc.path(), "-k").assertOk();
            assertThat(Cmd.jlxc("ls", "-P", lxc.path(), "--active").out()).isEmpty();
            for (String n : List.of("lt1", "lt2")) assertThat(FirstContainerIT.cgroupLeft(n)).isFalse();
        }
    }

    @Test
    void monitorPrintsStateChanges() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "lt");
            Cmd.Background monitor = Cmd.backgroundJlxc("monitor", "-P", lxc.path(), "-n", "l.");
            try {
                Thread.sleep(1500); // the monitor's JVM starts and takes its first look
                Cmd.jlxc("start", "-P", lxc.path(), "-n", "lt", "--", "/bin/sleep", "1000").assertOk();
                Thread.sleep(300);
                Cmd.jlxc("stop", "-P", lxc.path(), "-n", "lt", "-k").assertOk();
                Thread.sleep(300);
            } finally {
                monitor.stop();
            }
            String out = monitor.stop();
            assertThat(out).contains("'lt' changed state to [RUNNING]", "'lt' changed state to [STOPPED]");
        }
    }

    @Test
    void logFileAndLevelFromTheConfigUnlessTheCommandLineSaysOtherwise() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            Path log = lxc.dir.resolve("lt.log");
            create(lxc, "lt", "lxc.log.file = " + log, "lxc.log.level = DEBUG", "lxc.mount.entry = /nonexistent mnt none bind,optional 0 0");
            Cmd.jlxc("start", "-P", lxc.path(), "-n", "lt", "-F", "--", "/bin/true").assertOk();
            assertThat(Files.readString(log)).contains("lxc-start lt ").contains("WARN", "mount(/nonexistent on mnt)", "optional, skipped");
            Path other = lxc.dir.resolve("other.log");
            Cmd.jlxc("start", "-P", lxc.path(), "-n", "lt", "-F", "-o", other.toString(), "--", "/bin/true").assertOk();
            assertThat(other).exists();
        }
    }
}
