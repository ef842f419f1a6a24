package org.jlxc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeOffsetsTest {
    @Test
    void everyUnitBecomesSecondsAndNanosecondsTheKernelTakes() {
        assertThat(TimeOffsets.parse("2h")).isEqualTo(new TimeOffsets(7200, 0));
        assertThat(TimeOffsets.parse("-10s")).isEqualTo(new TimeOffsets(-10, 0));
        assertThat(TimeOffsets.parse("1500ms")).isEqualTo(new TimeOffsets(1, 500_000_000));
        assertThat(TimeOffsets.parse("-1ns")).isEqualTo(new TimeOffsets(-1, 999_999_999));
        assertThat(TimeOffsets.parse("3us")).isEqualTo(new TimeOffsets(0, 3000));
        assertThat(TimeOffsets.parse("5m")).isEqualTo(new TimeOffsets(300, 0));
        assertThat(TimeOffsets.parse(null)).isEqualTo(new TimeOffsets(0, 0));
    }
}
