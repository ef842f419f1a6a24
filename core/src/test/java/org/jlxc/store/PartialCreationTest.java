package org.jlxc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialCreationTest {
    @TempDir
    Path lxcpath;
    ContainerDir dir;

    @BeforeEach
    void makeDir() throws Exception {
        dir = new ContainerDir(lxcpath, "c1");
        Files.createDirectory(dir.path());
    }

    @Test
    void noMarkerIsNone() {
        assertThat(PartialCreation.check(dir)).isEqualTo(PartialState.NONE);
    }

    @Test
    void heldInThisProcessIsOngoingAndCloseRemovesTheMarker() throws Exception {
        try (PartialCreation partial = PartialCreation.begin(dir)) {
            assertThat(dir.partialFile()).exists();
            assertThat(Files.getAttribute(dir.partialFile(), "unix:mode")).isEqualTo(0100755);
            assertThat(PartialCreation.check(dir)).isEqualTo(PartialState.ONGOING);
            // Checking again must not have dropped our lock (closing a descriptor drops fcntl locks).
            assertThat(LockHolder.tryLockElsewhere(dir.partialFile())).isEqualTo(1);
            assertThat(PartialCreation.check(dir)).isEqualTo(PartialState.ONGOING);
        }
        assertThat(dir.partialFile()).doesNotExist();
        assertThat(PartialCreation.check(dir)).isEqualTo(PartialState.NONE);
    }

    @Test
    void ourLockIsAnFcntlLockOtherProcessesSee() throws Exception {
        try (PartialCreation partial = PartialCreation.begin(dir)) {
            assertThat(LockHolder.tryLockElsewhere(dir.partialFile())).isEqualTo(1);
        }
    }

    @Test
    void markerLockedByAnotherProcessIsOngoing() throws Exception {
        Files.createFile(dir.partialFile());
        try (LockHolder holder = new LockHolder(dir.partialFile())) {
            assertThat(PartialCreation.check(dir)).isEqualTo(PartialState.ONGOING);
        }
        // The holder died without removing the marker: an abandoned creation.
        assertThat(PartialCreation.check(dir)).isEqualTo(PartialState.ABANDONED);
    }

    @Test
    void unlockedMarkerIsAbandoned() throws Exception {
        Files.createFile(dir.partialFile());
        assertThat(PartialCreation.check(dir)).isEqualTo(PartialState.ABANDONED);
        // Probing must not take the lock for good.
        assertThat(LockHolder.tryLockElsewhere(dir.partialFile())).isZero();
    }

    @Test
    void beginRefusesAnExistingMarker() throws Exception {
        Files.createFile(dir.partialFile());
        assertThatThrownBy(() -> PartialCreation.begin(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("still in progress");
        assertThat(dir.partialFile()).exists();
    }
}
