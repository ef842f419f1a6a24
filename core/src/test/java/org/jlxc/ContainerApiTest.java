package org.jlxc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jlxc.config.Origin;
import org.jlxc.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of struct lxc_container's API that need no running container. */
class ContainerApiTest {
    @TempDir
    Path lxcpath;

    private Container define(String name, String config) throws Exception {
        Path dir = Files.createDirectories(lxcpath.resolve(name).resolve("rootfs"));
        Files.writeString(dir.getParent().resolve("config"),
                "lxc.rootfs.path = dir:" + dir + "\n" + config);
        return new Container(name, lxcpath, w -> {});
    }

    @Test
    void clearConfigItemRemovesEveryValueOfTheKey() throws Exception {
        Container c = define("api1", "lxc.cap.drop = sys_module\nlxc.cap.drop = sys_time\nlxc.uts.name = u\n");
        assertThat(c.getConfigItem("lxc.cap.drop")).isNotEmpty();
        c.clearConfigItem("lxc.cap.drop");
        assertThat(c.getConfigItem("lxc.cap.drop")).isEmpty();
        assertThat(c.getConfigItem("lxc.uts.name")).containsExactly("u");
        c.setConfigItem("lxc.cap.drop", "mknod", Origin.api());
        assertThat(c.getConfigItem("lxc.cap.drop")).containsExactly("mknod");
    }

    @Test
    void aStoppedContainerIsDestroyedWithItsRootfs() throws Exception {
        Container c = define("api2", "");
        assertThat(c.isRunning()).isFalse();
        assertThat(c.shutdown(java.time.Duration.ZERO)).as("nothing to stop").isTrue();
        c.destroy(false);
        assertThat(lxcpath.resolve("api2")).doesNotExist();
        assertThatThrownBy(() -> c.destroy(false)).isInstanceOf(StoreException.class)
                .hasMessageContaining("not defined");
    }

    @Test
    void snapshotsAreRefusedAndNothingIsRemoved() throws Exception {
        Container c = define("api3", "");
        Files.createDirectories(lxcpath.resolve("api3/snaps/snap0"));
        assertThatThrownBy(() -> c.destroy(true)).isInstanceOf(StoreException.class)
                .hasMessageContaining("snapshots");
        assertThat(lxcpath.resolve("api3/config")).exists();
        assertThat(List.of(lxcpath.resolve("api3/rootfs"))).allMatch(Files::isDirectory);
    }
}
