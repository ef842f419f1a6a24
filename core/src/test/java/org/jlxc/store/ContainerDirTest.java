package org.jlxc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerDirTest {
    @TempDir
    Path lxcpath;

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "/abs", "trailing/", "nul\0byte"})
    void rejectsNamesThatAreNotOnePathComponent(String name) {
        assertThatThrownBy(() -> ContainerDir.of(lxcpath, name)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> new ContainerDir(lxcpath, name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMissingName() {
        assertThatThrownBy(() -> ContainerDir.of(lxcpath, null)).hasMessage("No container name specified");
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "a.b", "...", "-x", "with space", "ünï"})
    void acceptsOtherNames(String name) throws Exception {
        ContainerDir dir = ContainerDir.of(lxcpath, name);
        assertThat(dir.path()).isEqualTo(lxcpath.resolve(name));
        assertThat(dir.path().getParent()).isEqualTo(lxcpath);
    }

    @Test
    void layoutAndExistence() throws Exception {
        ContainerDir dir = ContainerDir.of(lxcpath, "c1");
        assertThat(dir.config()).isEqualTo(lxcpath.resolve("c1/config"));
        assertThat(dir.defaultRootfs()).isEqualTo(lxcpath.resolve("c1/rootfs"));
        assertThat(dir.partialFile()).isEqualTo(lxcpath.resolve("c1/partial"));
        assertThat(dir.fstab()).isEqualTo(lxcpath.resolve("c1/fstab"));
        assertThat(dir.exists()).isFalse();
        Files.createDirectories(dir.path());
        assertThat(dir.exists()).as("a directory without config is not a container").isFalse();
        Files.writeString(dir.config(), "");
        assertThat(dir.exists()).isTrue();
    }
}
