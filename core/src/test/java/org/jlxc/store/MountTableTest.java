package org.jlxc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
    @Test
    void findsMountPointsAtOrBelowAPathWithEscapes() {
        List<String> mountinfo = List.of(
                "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
                "40 22 0:30 / /var/lib/lxc/c1/rootfs/dev rw - tmpfs tmpfs rw",
                "41 22 0:31 / /var/lib/lxc/c1 rw - tmpfs tmpfs rw",
                "42 22 0:32 / /var/lib/lxc/c10 rw - tmpfs tmpfs rw",
                "43 22 0:33 / /var/lib/lxc/c1/with\\040space rw - tmpfs tmpfs rw");
        assertThat(MountTable.mountPointsUnder(Path.of("/var/lib/lxc/c1"), mountinfo)).containsExactly(
                Path.of("/var/lib/lxc/c1/rootfs/dev"), Path.of("/var/lib/lxc/c1"),
                Path.of("/var/lib/lxc/c1/with space"));
    }

    @Test
    void unescapesOctal() {
        assertThat(MountTable.unescape("a\\040b\\011c\\134d\\012")).isEqualTo("a b\tc\\d\n");
        assertThat(MountTable.unescape("no\\escape\\9")).isEqualTo("no\\escape\\9");
    }
}
