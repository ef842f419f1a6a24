package org.jlxc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the first look after a dead shim removes of its pidfile (lxc-start -p). */
class PostStopTest {
    @TempDir
    Path tmp;

    private RuntimeDir record(Path pidfile, String pid) throws Exception {
        RuntimeDir dir = new RuntimeDir(tmp.resolve("rt"));
        Files.createDirectories(dir.dir());
        Files.writeString(dir.pidfileRecord(), pid + "\n" + pidfile + "\n");
        return dir;
    }

    @Test
    void thePidfileStillHoldingTheDeadShimsPidIsRemovedWithItsRecord() throws Exception {
        Path pidfile = tmp.resolve("c.pid");
        Files.writeString(pidfile, "4242\n");
        RuntimeDir dir = record(pidfile, "4242");
        assertThat(dir.hasLeftovers()).isTrue();
        List<String> warnings = new ArrayList<>();
        PostStop.removeDeadPidfile(dir, warnings::add);
        assertThat(pidfile).doesNotExist();
        assertThat(dir.pidfileRecord()).doesNotExist();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aPidfileRewrittenSinceIsSomeoneElsesAndStays() throws Exception {
        Path pidfile = tmp.resolve("c.pid");
        Files.writeString(pidfile, "5151\n");
        RuntimeDir dir = record(pidfile, "4242");
        PostStop.removeDeadPidfile(dir, w -> {});
        assertThat(pidfile).hasContent("5151");
        assertThat(dir.pidfileRecord()).doesNotExist();
    }

    @Test
    void aPidfileAlreadyGoneOnlyTakesTheRecord() throws Exception {
        RuntimeDir dir = record(tmp.resolve("gone.pid"), "4242");
        List<String> warnings = new ArrayList<>();
        PostStop.removeDeadPidfile(dir, warnings::add);
        assertThat(dir.pidfileRecord()).doesNotExist();
        assertThat(warnings).isEmpty();
    }
}
