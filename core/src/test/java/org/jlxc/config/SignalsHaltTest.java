package org.jlxc.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** lxc-stop's choice of the halt signal, as LXC's shutdown makes it. */
class SignalsHaltTest {
    // SIGRTMIN+3 is 37: bit 36 of SigBlk.
    private static final String SYSTEMD = "Name:\tsystemd\nSigQ:\t0/95698\nSigPnd:\t0000000000000000\n"
            + "SigBlk:\t7be3c0fe28014a03\nSigIgn:\t0000000000001000\n";
    private static final String BUSYBOX = "Name:\tinit\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n";

    @Test
    void theConfiguredSignalWins() {
        assertThat(Signals.haltSignal(10, SYSTEMD)).isEqualTo(10);
    }

    @Test
    void anInitThatBlocksRtmin3GetsIt() {
        assertThat(Long.toHexString(0x7be3c0fe28014a03L >>> 36 & 1)).isEqualTo("1");
        assertThat(Signals.haltSignal(null, SYSTEMD)).isEqualTo(37);
    }

    @Test
    void otherwiseSigpwr() {
        assertThat(Signals.haltSignal(null, BUSYBOX)).isEqualTo(Signals.SIGPWR);
        assertThat(Signals.haltSignal(null, null)).isEqualTo(Signals.SIGPWR);
        assertThat(Signals.haltSignal(null, "Name:\tx\n")).isEqualTo(Signals.SIGPWR);
        // only bit 36 counts: a mask with every other bit set is not systemd's
        assertThat(Signals.haltSignal(null, "SigBlk:\tffffffefffffffff\n")).isEqualTo(Signals.SIGPWR);
    }
}
