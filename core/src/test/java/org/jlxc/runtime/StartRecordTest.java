package org.jlxc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartRecordTest {
    @TempDir Path tmp;

    @Test
    void anyArgumentSurvivesTheRoundTrip() throws IOException {
        StartRecord r = new StartRecord(List.of("/bin/sh", "-c", "a=1 \\ b\n'c' # é=:", "", "  lead\ttab\r\f!x", "#not a comment", "\\"), true,
                Path.of("/var/log/con sole.log"), Map.of("net", "other", "pid", "1234"));
        r.save(tmp.resolve("start"));
        assertThat(StartRecord.load(tmp.resolve("start"))).isEqualTo(r);
    }

    @Test
    void theLogFileAndPriorityOfTheStartSurvive() throws IOException {
        StartRecord r = new StartRecord(List.of("/sbin/init"), false, null, Map.of(), Path.of("/var/log/c 1.log"),
                org.jlxc.log.LogLevel.INFO);
        r.save(tmp.resolve("start"));
        assertThat(StartRecord.load(tmp.resolve("start"))).isEqualTo(r);
    }

    @Test
    void withoutLogOrShares() throws IOException {
        StartRecord r = new StartRecord(List.of("/sbin/init"), false, null, Map.of());
        r.save(tmp.resolve("start"));
        assertThat(StartRecord.load(tmp.resolve("start"))).isEqualTo(r);
    }

    @Test
    void aDamagedFileIsAnError() throws IOException {
        Files.writeString(tmp.resolve("start"), "command.count=2\ncommand.0=/bin/true\n");
        assertThatThrownBy(() -> StartRecord.load(tmp.resolve("start"))).isInstanceOf(IOException.class)
                .hasMessageContaining("command.1");
        Files.writeString(tmp.resolve("start"), "underInit=true\n");
        assertThatThrownBy(() -> StartRecord.load(tmp.resolve("start"))).isInstanceOf(IOException.class)
                .hasMessageContaining("command.count");
    }

    @Test
    void onlySigHupIsAReboot() {
        assertThat(Starter.requestedReboot(1)).isTrue();        // killed by SIGHUP
        assertThat(Starter.requestedReboot(2)).isFalse();       // SIGINT: halt
        assertThat(Starter.requestedReboot(1 << 8)).isFalse();  // exit 1
        assertThat(Starter.requestedReboot(0)).isFalse();
    }
}
