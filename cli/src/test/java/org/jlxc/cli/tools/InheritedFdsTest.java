package org.jlxc.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InheritedFdsTest {
    @Test
    void theLaunchersListWithoutTheStandardStreamsAndNoise() {
        // The shell's glob sorts as text; LXC reports in fd order.
        assertThat(InheritedFds.parse("10,251,7")).containsExactly(7, 10, 251);
        assertThat(InheritedFds.parse("0,1,2,3,3, x,99999999999,4")).containsExactly(3, 4);
        assertThat(InheritedFds.parse("")).isEmpty();
        assertThat(InheritedFds.parse(null)).isEmpty();
    }

    @Test
    void lxcsWordsForKeptAndClosedFds() {
        var fds = InheritedFds.parse("7,10");
        assertThat(InheritedFds.messages(fds, false)).containsExactly("Inherited fd 7", "Inherited fd 10");
        assertThat(InheritedFds.messages(fds, true)).containsExactly("Closed inherited fd 7", "Closed inherited fd 10");
    }
}
