package org.jlxc.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetDevicesTest {
    @Test
    void namesAfterTheTwoHeaderLines() {
        String dev = "Inter-|   Receive    |  Transmit\n face |bytes    packets|bytes\n"
                + "    lo:       0       0    0\n  eth0: 1234 5 0\n";
        assertThat(NetDevices.parse(dev)).containsExactly("lo", "eth0");
    }
}
