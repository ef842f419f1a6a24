package org.jlxc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerDestroyerTest {
    @TempDir
    Path tmp;
    Path lxcpath;
    ContainerDir dir;

    @BeforeEach
    void setUp() throws Exception {
        lxcpath = tmp.resolve("lxc");
        dir = new ContainerDir(lxcpath, "c1");
    }

    /** A small dir-backed container whose rootfs lives at {@code rootfs}. */
    void makeContainer(Path rootfs) throws Exception {
        Files.createDirectories(dir.path());
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/hostname"), "c1\n");
        Files.writeString(dir.config(), "lxc.uts.name = c1\nlxc.rootfs.path = dir:" + rootfs + "\n");
    }

    ContainerDestroyer destroyer() {
        return new ContainerDestroyer(RunningContainers.NONE);
    }

    @Test
    void removesTheDirectoryAndADefaultRootfs() throws Exception {
        makeContainer(dir.defaultRootfs());
        destroyer().destroy(dir);
        assertThat(dir.path()).doesNotExist();
        assertThat(lxcpath).isEmptyDirectory();
    }

    @Test
    void theDestroyHooksRunFirstWithLxcsArgumentsAndEnvironment() throws Exception {
        makeContainer(dir.defaultRootfs());
        Path out = tmp.resolve("hook.out");
        // The hook still sees the rootfs: it runs before anything is removed.
        Files.writeString(dir.config(), Files.readString(dir.config())
                + "lxc.console.logfile = /var/log/c1.log\n"
                + "lxc.hook.destroy = /bin/sh -c 'echo \"$0 $1 $2|$LXC_NAME|$LXC_CONFIG_FILE|$LXC_ROOTFS_PATH|"
                + "$LXC_CONSOLE_LOGPATH|${LXC_HOOK_VERSION-unset}|${LXC_CGNS_AWARE-unset}\" >>" + out
                + "; test -f $LXC_ROOTFS_PATH/etc/hostname'\n");
        destroyer().destroy(dir);
        assertThat(dir.path()).doesNotExist();
        assertThat(Files.readAllLines(out)).containsExactly("c1 lxc destroy|c1|" + dir.config() + "|"
                + dir.defaultRootfs() + "|/var/log/c1.log|unset|unset");
    }

    @Test
    void aFailingDestroyHookFailsTheDestroyAndLeavesAllInPlace() throws Exception {
        makeContainer(dir.defaultRootfs());
        Files.writeString(dir.config(), Files.readString(dir.config()) + "lxc.hook.destroy = /bin/sh -c 'exit 3'\n");
        assertThatThrownBy(() -> destroyer().destroy(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("lxc.hook.destroy (" + dir.config() + ":3)")
                .hasMessageEndingWith("exited with status 3");
        assertThat(dir.defaultRootfs().resolve("etc/hostname")).exists();
        assertThat(dir.config()).exists();
    }

    @Test
    void aNewStyleDestroyHookGetsItsTypeInTheEnvironment() throws Exception {
        makeContainer(dir.defaultRootfs());
        Path out = tmp.resolve("hook.out");
        Files.writeString(dir.config(), Files.readString(dir.config()) + "lxc.hook.version = 1\n"
                + "lxc.hook.destroy = /bin/sh -c 'echo \"[$0]$LXC_HOOK_TYPE $LXC_HOOK_SECTION\" >>" + out + "'\n");
        destroyer().destroy(dir);
        assertThat(Files.readAllLines(out)).containsExactly("[/bin/sh]destroy lxc");
    }

    @Test
    void removesARootfsOutsideTheDirectoryToo() throws Exception {
        Path rootfs = tmp.resolve("elsewhere/rootfs");
        makeContainer(rootfs);
        destroyer().destroy(dir);
        assertThat(dir.path()).doesNotExist();
        assertThat(rootfs).doesNotExist();
        assertThat(tmp.resolve("elsewhere")).exists();
    }

    @Test
    void anUnmanagedRootfsOutsideTheDirectoryStays() throws Exception {
        Path rootfs = tmp.resolve("elsewhere/rootfs");
        makeContainer(rootfs);
        Files.writeString(dir.config(), Files.readString(dir.config()) + "lxc.rootfs.managed = 0\n");
        destroyer().destroy(dir);
        assertThat(dir.path()).doesNotExist();
        assertThat(rootfs.resolve("etc/hostname")).exists();
    }

    @Test
    void anOverlayLosesItsUpperDirectoryOnlyWhereverItIs() throws Exception {
        Path lower = tmp.resolve("base/rootfs");
        Path upper = tmp.resolve("deltas/c1/delta0");
        makeContainer(lower);
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(dir.config(), "lxc.rootfs.path = overlay:" + lower + ":" + upper + "\n");
        destroyer().destroy(dir);
        assertThat(dir.path()).doesNotExist();
        assertThat(upper).doesNotExist();
        assertThat(lower.resolve("etc/hostname")).exists();
    }

    @Test
    void neverFollowsSymlinks() throws Exception {
        makeContainer(dir.defaultRootfs());
        Path precious = Files.createDirectories(tmp.resolve("precious"));
        Files.writeString(precious.resolve("data"), "keep me");
        Files.createSymbolicLink(dir.defaultRootfs().resolve("link-to-dir"), precious);
        Files.createSymbolicLink(dir.defaultRootfs().resolve("link-to-file"), precious.resolve("data"));
        destroyer().destroy(dir);
        assertThat(dir.path()).doesNotExist();
        assertThat(precious.resolve("data")).hasContent("keep me");
    }

    @Test
    void aSymlinkedRootfsIsRemovedAsALink() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Files.writeString(real.resolve("data"), "keep me");
        Path link = tmp.resolve("rootfs-link");
        Files.createSymbolicLink(link, real);
        makeContainer(link);
        destroyer().destroy(dir);
        assertThat(link).doesNotExist();
        assertThat(real.resolve("data")).hasContent("keep me");
    }

    @Test
    void undefinedContainer() throws Exception {
        assertThatThrownBy(() -> destroyer().destroy(dir)).hasMessage("Container is not defined");
        Files.createDirectories(dir.path());
        assertThatThrownBy(() -> destroyer().destroy(dir)).hasMessage("Container is not defined");
        assertThat(dir.path()).exists();
    }

    @Test
    void refusesARunningContainer() throws Exception {
        makeContainer(dir.defaultRootfs());
        RunningContainers running = new RunningContainers() {
            public boolean isRunning(ContainerDir d) { return d.equals(dir); }
            public void stop(ContainerDir d) { throw new AssertionError("destroy must not stop"); }
        };
        assertThatThrownBy(() -> new ContainerDestroyer(running).destroy(dir)).hasMessage("c1 is running");
        assertThat(dir.config()).exists();
    }

    @Test
    void ongoingCreationIsRefusedAndAbandonedOneIsRemoved() throws Exception {
        Files.createDirectories(dir.path());
        try (PartialCreation partial = PartialCreation.begin(dir)) {
            assertThatThrownBy(() -> destroyer().destroy(dir)).hasMessage("Creation of c1 is still in progress");
        }
        Files.createDirectories(dir.defaultRootfs());
        Files.createFile(dir.partialFile());
        destroyer().destroy(dir);
        assertThat(dir.path()).doesNotExist();
    }

    @Test
    void refusesARootfsContainingTheContainers() throws Exception {
        Files.createDirectories(dir.path());
        Files.writeString(dir.config(), "lxc.rootfs.path = dir:/\n");
        assertThatThrownBy(() -> destroyer().destroy(dir)).hasMessageContaining("Refusing to destroy c1");
        Files.writeString(dir.config(), "lxc.rootfs.path = " + tmp + "\n");
        assertThatThrownBy(() -> destroyer().destroy(dir)).hasMessageContaining("Refusing to destroy c1");
        assertThat(dir.config()).exists();
    }

    @Test
    void otherStorageIsNotSupportedYet() throws Exception {
        Files.createDirectories(dir.path());
        Files.writeString(dir.config(), "lxc.rootfs.path = lvm:/dev/lxc/c1\n");
        assertThatThrownBy(() -> destroyer().destroy(dir)).hasMessageContaining("\"lvm\" storage")
                .hasMessageContaining("not supported yet");
        assertThat(dir.config()).exists();
    }

    @Test
    @Tag("privileged")
    void refusesToCrossIntoAMountedFilesystem() throws Exception {
        Path rootfs = tmp.resolve("outside/rootfs");
        makeContainer(rootfs);
        Path mnt = Files.createDirectories(rootfs.resolve("mnt/data"));
        try (Mounts mounts = new Mounts()) {
            mounts.tmpfs(mnt);
            Files.writeString(mnt.resolve("on-tmpfs"), "keep me");
            assertThatThrownBy(() -> destroyer().destroy(dir))
                    .hasMessageContaining("Refusing to remove " + rootfs)
                    .hasMessageContaining(mnt + " is a mount point");
            // Refused before anything was deleted: the container is whole.
            assertThat(mnt.resolve("on-tmpfs")).hasContent("keep me");
            assertThat(rootfs.resolve("etc/hostname")).exists();
            assertThat(dir.config()).exists();
        }
        destroyer().destroy(dir);
        assertThat(rootfs).doesNotExist();
    }

    @Test
    @Tag("privileged")
    void refusesABindMountOfTheSameFilesystem() throws Exception {
        makeContainer(dir.defaultRootfs());
        Path precious = Files.createDirectories(tmp.resolve("precious"));
        Files.writeString(precious.resolve("data"), "keep me");
        Path target = Files.createDirectories(dir.defaultRootfs().resolve("srv"));
        try (Mounts mounts = new Mounts()) {
            mounts.bind(precious, target);
            assertThatThrownBy(() -> destroyer().destroy(dir)).hasMessageContaining(target + " is a mount point");
            assertThat(precious.resolve("data")).hasContent("keep me");
            assertThat(target.resolve("data")).exists();
        }
        destroyer().destroy(dir);
        assertThat(dir.path()).doesNotExist();
        assertThat(precious.resolve("data")).hasContent("keep me");
    }
}
