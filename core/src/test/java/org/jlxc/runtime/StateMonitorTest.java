package org.jlxc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlxc.runtime.ContainerState.*;

import org.junit.jupiter.api.Test;

class StateMonitorTest {
    @Test
    void aNewRunMetLateShowsTheStatesItWentThrough() {
        assertThat(StateMonitor.path(STOPPED, RUNNING)).containsExactly(STARTING, RUNNING);
        assertThat(StateMonitor.path(STOPPED, STOPPING)).containsExactly(STARTING, RUNNING, STOPPING);
        assertThat(StateMonitor.path(RUNNING, STOPPED)).containsExactly(STOPPING, STOPPED);
    }

    @Test
    void aFailedStartAbortsAndARebootPassesThroughStopped() {
        assertThat(StateMonitor.path(STOPPED, ABORTING)).containsExactly(STARTING, ABORTING);
        assertThat(StateMonitor.path(ABORTING, STOPPED)).containsExactly(STOPPED);
        assertThat(StateMonitor.path(STOPPING, STARTING)).containsExactly(STOPPED, STARTING);
    }

    @Test
    void nothingChangedIsNothingAndAStateOffTheLifecycleComesAsItIs() {
        assertThat(StateMonitor.path(RUNNING, RUNNING)).isEmpty();
        assertThat(StateMonitor.path(RUNNING, FROZEN)).containsExactly(FROZEN);
    }

    @Test
    void statesAreTheirExactNamesAsLxcWaitTakesThem() {
        assertThat(ContainerState.parse("RUNNING")).isEqualTo(RUNNING);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContainerState.parse("running"))
                .hasMessage("invalid state 'running'");
    }
}
