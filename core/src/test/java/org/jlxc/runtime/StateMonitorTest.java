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

    @Test
    void freezerStatesComeAsTheyCameRepeatsIncluded() {
        assertThat(StateMonitor.path(RUNNING, FREEZING)).containsExactly(FREEZING);
        assertThat(StateMonitor.path(FREEZING, FROZEN)).containsExactly(FROZEN);
        assertThat(StateMonitor.path(FROZEN, FROZEN)).as("LXC's v1 path says FROZEN twice").containsExactly(FROZEN);
        assertThat(StateMonitor.path(THAWED, THAWED)).containsExactly(THAWED);
        assertThat(StateMonitor.path(THAWED, RUNNING)).containsExactly(RUNNING);
        assertThat(StateMonitor.path(FROZEN, STOPPING)).containsExactly(STOPPING);
    }

    @Test
    void shimStateCodesRoundTripForTheStatesJavaReports() {
        for (ContainerState s : new ContainerState[] {RUNNING, FREEZING, FROZEN, THAWED}) {
            assertThat(ContainerState.fromShim(s.shimCode())).isEqualTo(s);
        }
        assertThat(ContainerState.fromShim(1)).isEqualTo(STARTING);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> STOPPING.shimCode())
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContainerState.fromShim(8))
                .hasMessageContaining("unknown state 8");
    }
}
