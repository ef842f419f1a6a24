package org.jlxc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RootfsPathTest {
    @Test
    void parsesStorageAndPath() {
        assertThat(RootfsPath.parse("dir:/var/lib/lxc/c1/rootfs")).isEqualTo(new RootfsPath("dir", "/var/lib/lxc/c1/rootfs"));
        assertThat(RootfsPath.parse("/srv/root")).isEqualTo(new RootfsPath("dir", "/srv/root"));
        assertThat(RootfsPath.parse("\"dir:/q\"")).isEqualTo(new RootfsPath("dir", "/q"));
        assertThat(RootfsPath.parse("lvm:/dev/lxc/c1").isDir()).isFalse();
        assertThat(RootfsPath.parse("overlay:/a:/b")).isEqualTo(new RootfsPath("overlay", "/a:/b"));
        // LXC's split: the last ":/" starts the upper directory; several lower layers stay together.
        assertThat(RootfsPath.parse("overlay:/l1:/l2:/var/lib/lxc/c2/delta0").overlay()).isEqualTo(
                new org.jlxc.config.OverlayRootfs("/l1:/l2", "/var/lib/lxc/c2/delta0", "/var/lib/lxc/c2/olwork"));
        assertThat(RootfsPath.parse("overlayfs:/a:/b/u").overlay().mountData("noatime"))
                .isEqualTo("upperdir=/b/u,lowerdir=/a,workdir=/b/olwork,noatime");
        assertThat(RootfsPath.parse("overlay:/only").overlay()).isNull();
        assertThat(RootfsPath.parse("/srv/root").overlay()).isNull();
    }

    @Test
    void theLastSettingOfEitherKeyWins() {
        assertThat(RootfsPath.fromLines(List.of(
                "# lxc.rootfs.path = dir:/commented",
                "lxc.rootfs = /legacy",
                "lxc.rootfs.path=dir:/last",
                "lxc.rootfs.mount = /not/this"))).contains(new RootfsPath("dir", "/last"));
        assertThat(RootfsPath.fromLines(List.of("lxc.uts.name = x"))).isEmpty();
        assertThat(RootfsPath.fromLines(List.of("lxc.rootfs.path = /a", "lxc.rootfs.path ="))).isEmpty();
    }
}
