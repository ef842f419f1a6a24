package org.jlxc.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void twoDecimalsAsCsPrintf() {
        assertThat(Text.twoDecimals(0)).isEqualTo("0.00");
        assertThat(Text.twoDecimals(0.004)).isEqualTo("0.00");
        assertThat(Text.twoDecimals(0.006)).isEqualTo("0.01");
        assertThat(Text.twoDecimals(12.0566)).isEqualTo("12.06");
        assertThat(Text.twoDecimals(1023.999)).isEqualTo("1024.00");
        assertThat(Text.twoDecimals(-1.5)).isEqualTo("-1.50");
        // exact binary ties go to even, as glibc's printf (String.format would give 1.13)
        assertThat(Text.twoDecimals(1152 / 1024.0)).isEqualTo("1.12");
        assertThat(Text.twoDecimals(1.375)).isEqualTo("1.38");
        assertThat(Text.twoDecimals(-0.001)).isEqualTo("-0.00");
    }

    @Test
    void agreesWithFormatAwayFromTies() {
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            double v = r.nextDouble() * Math.pow(10, r.nextInt(9));
            double hundredths = v * 100;
            if (Math.abs(hundredths - Math.floor(hundredths) - 0.5) < 1e-6) continue; // near a tie
            assertThat(Text.twoDecimals(v)).as("%s", v).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", v));
        }
    }

    @Test
    void padRight() {
        assertThat(Text.padRight("PID:", 8)).isEqualTo("PID:    ");
        assertThat(Text.padRight("longer than", 4)).isEqualTo("longer than");
    }

    @Test
    void refusesWhatItCannotPrint() {
        assertThatThrownBy(() -> Text.twoDecimals(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
