package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An overlay rootfs as lxc-copy -s makes it (overlay:LOWER:UPPER): writes land in the upper
 * directory, the lower one stays as it was, LXC reads the same config the same way, and
 * lxc-destroy removes only the container's own part.
 */
@Tag("privileged")
class OverlayRootfsIT {
    @Test
    void writesLandInTheUpperDirectoryAndDestroyKeepsTheLower() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            lxc.createBusybox("ovb");
            Path lower = lxc.dir.resolve("ovb/rootfs");
            Path cloneDir = lxc.dir.resolve("ovc");
            Files.createDirectories(cloneDir);
            Path upper = cloneDir.resolve("delta0");
            String config = Files.readString(lxc.config("ovb"))
                    .replaceAll("(?m)^lxc\\.rootfs\\.path = .*$", "lxc.rootfs.path = overlay:" + lower + ":" + upper)
                    .replaceAll("(?m)^lxc\\.uts\\.name = .*$", "lxc.uts.name = ovc");
            Files.writeString(cloneDir.resolve("config"), config);

            Cmd j = lxc.jlxc("ovc", "start", "-F", "--", "/bin/sh", "-c", "echo jlxc > /etc/written; cat /etc/written");
            assertThat(j.exit()).as(j.toString()).isZero();
            assertThat(j.out()).isEqualTo("jlxc\n");
            assertThat(upper.resolve("etc/written")).hasContent("jlxc");
            assertThat(cloneDir.resolve("olwork")).isDirectory();
            assertThat(lower.resolve("etc/written")).doesNotExist();

            // LXC on the same config sees jlxc's write and adds its own to the same upper directory.
            Cmd l = Cmd.run("lxc-execute", "-P", lxc.path(), "-n", "ovc", "--", "/bin/sh", "-c",
                    "cat /etc/written; echo lxc > /etc/by-lxc");
            assertThat(l.exit()).as(l.toString()).isZero();
            assertThat(l.out()).isEqualTo("jlxc\n");
            assertThat(upper.resolve("etc/by-lxc")).hasContent("lxc");
            assertThat(lower.resolve("etc/by-lxc")).doesNotExist();

            lxc.jlxc("ovc", "destroy").assertOk();
            assertThat(cloneDir).doesNotExist();
            assertThat(lower.resolve("bin/busybox")).exists();
            assertThat(FirstContainerIT.cgroupLeft("ovc")).isFalse();
        }
    }

    @Test
    void aMalformedOverlayNamesItsLine() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            Path config = lxc.createBusybox("ovbad", "lxc.rootfs.path = overlay:only-one\n");
            Cmd r = lxc.jlxc("ovbad", "start", "-F", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains(config + ":").contains("lxc.rootfs.path").contains("overlay:LOWER:UPPER");
        }
    }
}
