package org.jlxc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeDirTest {
    @TempDir
    Path tmp;

    @Test
    void oneDirectoryPerLxcpathAndNameWithShortSocketPaths() {
        RuntimeDir a = RuntimeDir.of(Path.of("/run/jlxc"), Path.of("/var/lib/lxc"), "web");
        assertThat(a).isEqualTo(RuntimeDir.of(Path.of("/run/jlxc"), Path.of("/var/lib/lxc/"), "web"));
        assertThat(a).isNotEqualTo(RuntimeDir.of(Path.of("/run/jlxc"), Path.of("/srv/lxc"), "web"));
        assertThat(a).isNotEqualTo(RuntimeDir.of(Path.of("/run/jlxc"), Path.of("/var/lib/lxc"), "web2"));
        String longName = "x".repeat(200);
        assertThat(RuntimeDir.of(Path.of("/run/jlxc"), Path.of("/var/lib/lxc"), longName).command().toString())
                .hasSizeLessThan(60);
    }

    @Test
    void aLockHeldByAnotherProcessIsALiveMonitorAndItsDeathIsNot() throws Exception {
        RuntimeDir dir = new RuntimeDir(tmp.resolve("rt"));
        dir.create();
        assertThat(dir.monitorAlive()).isFalse();
        Files.writeString(dir.lock(), "");
        assertThat(dir.monitorAlive()).isFalse();
        Path ready = tmp.resolve("ready");
        // A stand-in shim: takes the fcntl write lock as the shim does, then waits to be killed.
        Process holder = new ProcessBuilder("python3", "-c", "import fcntl, sys, time\n"
                + "f = open(sys.argv[1], 'r+')\nfcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
                + "open(sys.argv[2], 'w').close()\ntime.sleep(60)\n", dir.lock().toString(), ready.toString()).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(ready); i++) Thread.sleep(50);
            assertThat(dir.monitorAlive()).isTrue();
            Files.writeString(dir.container(), "/var/lib/lxc\nweb\n");
            assertThat(PostStop.cleanUpAfterDeadMonitor(dir, w -> {})).isFalse();
            assertThat(dir.container()).exists();
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(dir.monitorAlive()).isFalse();
        assertThat(dir.readContainer()).containsExactly("/var/lib/lxc", "web");
    }
}
