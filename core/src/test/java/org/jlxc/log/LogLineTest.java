package org.jlxc.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogLineTest {
    private static final long T = Instant.parse("2026-11-29T02:25:00.123Z").toEpochMilli();

    @Test
    void hasLxcsLayout() {
        assertThat(LogLine.format("lxc-start", "c1", T, LogLevel.ERROR, "org.jlxc.runtime.Start", "No such container"))
                .isEqualTo("lxc-start c1 20261129022500.123 ERROR    org.jlxc.runtime.Start - No such container");
    }

    @Test
    void withoutContainerNameTheFieldIsLeftOut() {
        assertThat(LogLine.format("lxc-ls", null, T, LogLevel.DEBUG, "x", "m"))
                .isEqualTo("lxc-ls 20261129022500.123 DEBUG    x - m");
    }

    @Test
    void levelsArePaddedToEightColumns() {
        assertThat(LogLine.format("p", "", T, LogLevel.NOTICE, "x", "m")).isEqualTo("p 20261129022500.123 NOTICE   x - m");
        assertThat(LogLine.format("p", "", T, LogLevel.WARN, "x", "m")).isEqualTo("p 20261129022500.123 WARN     x - m");
    }

    @Test
    void timestampsPadEveryField() {
        StringBuilder b = new StringBuilder();
        LogLine.timestamp(b, Instant.parse("2027-01-02T03:04:05.006Z").toEpochMilli());
        assertThat(b).hasToString("20270102030405.006");
    }
}
