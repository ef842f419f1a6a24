package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An out-of-memory kill reported as the stop reason: busybox containers with a 32 MiB v1 memory
 * limit (lxc.cgroup.memory.limit_in_bytes on this host) whose init, `tail /dev/zero`, buffers
 * an endless line until the kernel's OOM killer takes it. LXC 5 says nothing of the kind
 * ("Child <pid> ended on signal Killed(9)" at INFO); jlxc warns on `start -F`'s stderr and,
 * for a daemon, in the start's log file. Each test ends with no `lxc.payload.ctoom*` cgroup.
 */
@Tag("privileged")
class OomIT {
    private static final Path CG = Path.of("/sys/fs/cgroup");
    private static final String LIMIT = "lxc.cgroup.memory.limit_in_bytes = 33554432\n";

    private static Cmd jlxc(Lxcpath lxc, String name, String tool, String... args) {
        return lxc.jlxc(name, tool, args);
    }

    private static void create(Lxcpath lxc, String name, String extra) throws Exception {
        lxc.createBusybox(name, extra);
    }

    private static List<Path> leftovers() throws Exception {
        try (Stream<Path> s = Files.walk(CG, 4)) {
            return s.filter(p -> p.getFileName().toString().startsWith("lxc.payload.ctoom")).toList();
        }
    }

    @AfterEach
    void nothingLeft() throws Exception {
        assertThat(leftovers()).as("lxc.payload.ctoom* cgroups left").isEmpty();
    }

    @Test
    void aForegroundStartSaysOnStderrThatTheOomKillerTookInit() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "ctoomf", LIMIT);
            Cmd start = jlxc(lxc, "ctoomf", "start", "-F", "--", "/bin/tail", "/dev/zero");
            assertThat(start.err()).contains("init was killed by SIGKILL; the out-of-memory killer killed 1"
                    + " process(es) of container \"ctoomf\" (its cgroup reached its memory limit)");
            assertThat(jlxc(lxc, "ctoomf", "info", "-s").out()).contains("STOPPED");
        }
    }

    @Test
    void aDaemonLogsItToTheStartsLogFile() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "ctoomd", LIMIT);
            Path log = lxc.dir.resolve("ctoomd.log");
            jlxc(lxc, "ctoomd", "start", "-d", "-o", log.toString(), "-l", "WARN", "--", "/bin/tail", "/dev/zero")
                    .assertOk();
            try {
                assertThat(jlxc(lxc, "ctoomd", "wait", "-s", "STOPPED", "-t", "30").exit()).isZero();
                // The post-stop work ends just before STOPPED is reported: the line is there.
                assertThat(Files.readString(log)).containsPattern("lxc-start ctoomd \\d+\\.\\d+ WARN .*init was killed"
                        + " by SIGKILL; the out-of-memory killer killed 1 process\\(es\\) of container \"ctoomd\"");
            } finally {
                jlxc(lxc, "ctoomd", "stop", "-k");
            }
        }
    }

    @Test
    void aChildTakenByTheOomKillerIsReportedWhenTheContainerStops() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "ctoomc", LIMIT);
            // init survives its child: the kill is reported at the stop, without claiming init
            Cmd start = jlxc(lxc, "ctoomc", "start", "-F", "--", "/bin/sh", "-c",
                    "tail /dev/zero; echo child-status=$?");
            assertThat(start.out() + start.err()).contains("child-status=137");
            assertThat(start.err()).contains("the out-of-memory killer killed 1 process(es) of container \"ctoomc\""
                    + " (its cgroup reached its memory limit) during this run").doesNotContain("init was killed");
        }
    }
}
