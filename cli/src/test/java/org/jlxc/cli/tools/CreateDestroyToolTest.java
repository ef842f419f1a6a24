package org.jlxc.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jlxc.cli.UsageException;
import org.jlxc.store.ContainerDir;
import org.jlxc.store.RunningContainers;
import org.jlxc.template.Templates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateDestroyToolTest {
    @TempDir
    Path tmp;
    Path lxcpath;
    CreateTool create;

    @BeforeEach
    void setUp() throws Exception {
        lxcpath = tmp.resolve("lxc");
        create = new CreateTool(Templates.builtIn(), Files.writeString(tmp.resolve("default.conf"), "lxc.net.0.type = empty\n"));
    }

    FakeInvocation createInv(String name) {
        return new FakeInvocation("lxc-create", name, lxcpath);
    }

    FakeInvocation destroyInv(String name) {
        return new FakeInvocation("lxc-destroy", name, lxcpath);
    }

    @Test
    void createThenDestroy() throws Exception {
        FakeInvocation inv = createInv("c1").with("template", "busybox");
        assertThat(create.run(inv)).isZero();
        assertThat(inv.out.toString()).contains("Created container c1");
        assertThat(lxcpath.resolve("c1/rootfs/bin/busybox")).exists();
        assertThat(Files.readString(lxcpath.resolve("c1/config"))).contains("lxc.net.0.type = empty");

        FakeInvocation again = createInv("c1").with("template", "busybox");
        assertThat(create.run(again)).isEqualTo(1);
        assertThat(again.errText()).isEqualTo("lxc-create: c1: Container already exists\n");

        FakeInvocation destroy = destroyInv("c1");
        assertThat(new DestroyTool().run(destroy)).isZero();
        assertThat(destroy.errText()).isEmpty();
        assertThat(lxcpath.resolve("c1")).doesNotExist();
    }

    @Test
    void quietCreatePrintsNothing() throws Exception {
        FakeInvocation inv = createInv("c1").with("template", "host").flag("quiet");
        assertThat(create.run(inv)).isZero();
        assertThat(inv.out.toString()).isEmpty();
    }

    @Test
    void configAndDirOptions() throws Exception {
        Path conf = Files.writeString(tmp.resolve("c.conf"), "lxc.tty.max = 3\n");
        Path rootfs = tmp.resolve("roots/c1");
        FakeInvocation inv = createInv("c1").with("template", "host").with("config", conf.toString())
                .with("dir", rootfs.toString()).with("bdev", "dir");
        assertThat(create.run(inv)).as(inv.errText()).isZero();
        assertThat(Files.readAllLines(lxcpath.resolve("c1/config")))
                .contains("lxc.tty.max = 3", "lxc.rootfs.path = dir:" + rootfs)
                .doesNotContain("lxc.net.0.type = empty");
        assertThat(rootfs.resolve("etc/hostname")).hasContent("c1\n");
    }

    @Test
    void templateArgumentsAndTemplateHelp() throws Exception {
        FakeInvocation bad = createInv("c1").with("template", "busybox").args("--busybox-path=/nonexistent");
        assertThat(create.run(bad)).isEqualTo(1);
        assertThat(bad.errText()).startsWith("lxc-create: c1: Failed to create container c1 from template busybox: ")
                .contains("/nonexistent");
        assertThat(lxcpath.resolve("c1")).doesNotExist();

        FakeInvocation help = createInv("c1").with("template", "busybox").args("--help");
        assertThat(create.run(help)).isZero();
        assertThat(help.out.toString()).contains("--busybox-path");
        assertThat(lxcpath.resolve("c1")).doesNotExist();
    }

    @Test
    void missingOrUnknownTemplate() throws Exception {
        FakeInvocation none = createInv("c1");
        assertThat(create.run(none)).isEqualTo(1);
        assertThat(none.errText()).contains("A template must be specified");
        FakeInvocation unknown = createInv("c1").with("template", "nosuch");
        assertThat(create.run(unknown)).isEqualTo(1);
        assertThat(unknown.errText()).contains("Template \"nosuch\" not found");
        assertThat(lxcpath).doesNotExist();
    }

    @Test
    void backingStoresOtherThanDirAreRefused() {
        assertThatThrownBy(() -> create.run(createInv("c1").with("template", "host").with("bdev", "lvm")))
                .isInstanceOf(UsageException.class).hasMessageContaining("\"lvm\" backing store is not supported yet");
        assertThatThrownBy(() -> create.run(createInv("c1").with("template", "host").with("bdev", "foo")))
                .isInstanceOf(UsageException.class).hasMessage("foo is not a valid backing storage type");
        assertThatThrownBy(() -> create.run(createInv("c1").with("template", "host").with("dir", "rel")))
                .isInstanceOf(UsageException.class).hasMessage("--dir should use absolute path");
        assertThat(lxcpath).doesNotExist();
    }

    @Test
    void destroyOfAnUndefinedContainer() throws Exception {
        FakeInvocation inv = destroyInv("nope");
        assertThat(new DestroyTool().run(inv)).isEqualTo(1);
        assertThat(inv.errText()).isEqualTo("lxc-destroy: nope: Container is not defined\n");
    }

    @Test
    void destroyOfARunningContainerNeedsForce() throws Exception {
        assertThat(create.run(createInv("c1").with("template", "host"))).isZero();
        List<String> stopped = new ArrayList<>();
        RunningContainers runtime = new RunningContainers() {
            public boolean isRunning(ContainerDir dir) { return stopped.isEmpty(); }
            public void stop(ContainerDir dir) { stopped.add(dir.name()); }
        };
        FakeInvocation plain = destroyInv("c1");
        assertThat(new DestroyTool(runtime).run(plain)).isEqualTo(1);
        assertThat(plain.errText()).isEqualTo("lxc-destroy: c1: c1 is running\n");
        assertThat(lxcpath.resolve("c1/config")).exists();

        FakeInvocation forced = destroyInv("c1").flag("force");
        assertThat(new DestroyTool(runtime).run(forced)).as(forced.errText()).isZero();
        assertThat(stopped).containsExactly("c1");
        assertThat(lxcpath.resolve("c1")).doesNotExist();
    }

    @Test
    void snapshotsAreNotSupportedYet() throws Exception {
        assertThat(create.run(createInv("c1").with("template", "none"))).isZero();
        Files.createDirectories(lxcpath.resolve("c1/snaps/snap0"));
        FakeInvocation inv = destroyInv("c1").flag("snapshots");
        assertThat(new DestroyTool().run(inv)).isEqualTo(1);
        assertThat(inv.errText()).contains("snapshots").contains("not supported yet");
        assertThat(lxcpath.resolve("c1/config")).exists();
    }

    @Test
    void invalidName() throws Exception {
        FakeInvocation inv = destroyInv("a/b");
        assertThat(new DestroyTool().run(inv)).isEqualTo(1);
        assertThat(inv.errText()).contains("Invalid container name");
    }
}
