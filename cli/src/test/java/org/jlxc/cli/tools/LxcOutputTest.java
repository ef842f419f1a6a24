package org.jlxc.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The expected strings are what LXC 5.0.2's tools printed for the same data on this machine. */
class LxcOutputTest {
    private static final List<String> NAMES = List.of("tl1", "tlongername2");

    @Test
    void lsNamesGoAcrossTheTerminalPaddedToTheLongest() {
        assertThat(LsLayout.names(NAMES, 80)).isEqualTo("tl1          tlongername2 \n");
        assertThat(LsLayout.names(NAMES, 25)).isEqualTo("tl1          tlongername2\n");
        assertThat(LsLayout.names(NAMES, 20)).isEqualTo("tl1         \ntlongername2\n");
        assertThat(LsLayout.names(List.of("tl1"), 80)).isEqualTo("tl1  \n");
        assertThat(LsLayout.names(List.of(), 80)).isEmpty();
    }

    @Test
    void lsNamesOffATerminalAreOnePerLineStillPadded() {
        assertThat(LsLayout.names(NAMES, 0)).isEqualTo("tl1         \ntlongername2\n");
    }

    private static LsLayout.Row row(String name, String state, int pid, double ram, boolean running, String iface) {
        return new LsLayout.Row(name, state, pid, ram, 0, running, false, null, iface, null, null, false);
    }

    @Test
    void lsFancyTablesAsLxc() {
        List<LsLayout.Row> rows = List.of(row("tl1", "RUNNING", 5096, 892928 / 1048576.0, true, "lo"),
                row("tlongername2", "STOPPED", -1, 0, false, null));
        assertThat(LsLayout.table(rows, List.of("name", "state", "ram", "swap", "pid", "interface", "ipv4", "ipv6", "groups")))
                .isEqualTo("""
                        NAME         STATE   RAM    SWAP   PID  INTERFACE IPV4 IPV6 GROUPS\s
                        tl1          RUNNING 0.85MB 0.00MB 5096 lo        -    -    -     \s
                        tlongername2 STOPPED -      -      -    -         -    -    -     \s
                        """);
        assertThat(LsLayout.table(rows, LsLayout.FANCY)).isEqualTo("""
                NAME         STATE   AUTOSTART GROUPS IPV4 IPV6 UNPRIVILEGED\s
                tl1          RUNNING 0         -      -    -    false       \s
                tlongername2 STOPPED 0         -      -    -    false       \s
                """);
        assertThat(LsLayout.table(List.of(), LsLayout.FANCY)).isEmpty();
    }

    @Test
    void lsNamesTheFirstUnknownColumn() {
        assertThat(LsLayout.invalidColumn(List.of("NAME", "bogus", "other"))).isEqualTo("bogus");
        assertThat(LsLayout.invalidColumn(List.of("name", "Ram"))).isNull();
    }

    @Test
    void infoSizesWithLxcsArithmetic() {
        assertThat(InfoTool.size(0, false)).isEqualTo("0 bytes");
        assertThat(InfoTool.size(1024, false)).isEqualTo("1024 bytes");
        assertThat(InfoTool.size(892928, false)).isEqualTo("872.00 KiB");
        assertThat(InfoTool.size(348160, false)).isEqualTo("340.00 KiB");
        assertThat(InfoTool.size(1025, false)).isEqualTo("1.00 KiB");
        assertThat(InfoTool.size(3 * 1048576 + 1048575, false)).isEqualTo("4.00 MiB");
        assertThat(InfoTool.size((1L << 30) * 2 + (1L << 29), false)).isEqualTo("2.49 GiB");
        assertThat(InfoTool.size(5, true)).isEqualTo("5");
        assertThat(InfoTool.cpuSeconds(8851422)).isEqualTo("0.01 seconds");
    }

    @Test
    void waitReadsItsTimeoutAsAtol() {
        assertThat(WaitTool.atol("5")).isEqualTo(5);
        assertThat(WaitTool.atol("-1")).isEqualTo(-1);
        assertThat(WaitTool.atol("abc")).isZero();
        assertThat(WaitTool.atol("3s")).isEqualTo(3);
    }

    @Test
    void monitorLinesAsLxcMonitor() {
        assertThat(MonitorTool.line(new org.jlxc.runtime.StateMonitor.StateChanged("c1", org.jlxc.runtime.ContainerState.RUNNING)))
                .isEqualTo("'c1' changed state to [RUNNING]");
        assertThat(MonitorTool.line(new org.jlxc.runtime.StateMonitor.Exited("c1", 3))).isEqualTo("'c1' exited with status [3]");
    }
}
