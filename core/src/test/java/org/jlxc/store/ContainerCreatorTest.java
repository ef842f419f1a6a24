package org.jlxc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jlxc.template.Template;
import org.jlxc.template.TemplateContext;
import org.jlxc.template.TemplateException;
import org.jlxc.template.Templates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerCreatorTest {
    @TempDir
    Path tmp;
    Path lxcpath;
    Path defaultConfig;
    List<String> progress = new ArrayList<>();
    List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        lxcpath = tmp.resolve("lxc");
        defaultConfig = tmp.resolve("default.conf");
        Files.writeString(defaultConfig, "lxc.net.0.type = empty\n\n# kept comment\nlxc.apparmor.profile = unconfined\n");
    }

    ContainerCreator creator(Templates templates) {
        return new ContainerCreator(lxcpath, defaultConfig, templates, progress::add, warnings::add);
    }

    ContainerCreator creator() {
        return creator(Templates.builtIn());
    }

    static List<String> busyboxApplets() throws Exception {
        Process p = new ProcessBuilder("busybox", "--list").start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        return Arrays.stream(out.split("\n")).filter(a -> !a.isBlank() && !a.contains("busybox")).toList();
    }

    @Test
    void busyboxTreeAndConfig() throws Exception {
        ContainerDir dir = creator().create(CreateRequest.of("bb", "busybox"));

        assertThat(dir.exists()).isTrue();
        assertThat(dir.partialFile()).doesNotExist();
        assertThat(TreeListing.describe(dir.path())).isEqualTo("dir 0770");
        assertThat(TreeListing.describe(dir.config())).isEqualTo("file 0640 links=1");
        Map<String, String> tree = TreeListing.of(dir.defaultRootfs());
        assertThat(tree).containsEntry(".", "dir 0755")
                .containsEntry("tmp", "dir 1777")
                .containsEntry("etc/udhcpc", "dir 0644")
                .containsEntry("etc/udhcpc/default.script", "file 0744 links=1")
                .containsEntry("etc/init.d/rcS", "file 0744 links=1")
                .containsEntry("etc/inittab", "file 0644 links=1")
                .containsEntry("etc/shadow", "file 0644 links=1")
                .containsEntry("bin/busybox", "file 6755 links=2")
                .containsEntry("sbin/init", "file 6755 links=2")
                .containsEntry("bin/sh", "link -> busybox")
                .containsEntry("usr/lib64", "dir 0755")
                .containsEntry("var/run", "dir 0755");
        assertThat(Files.isSameFile(dir.defaultRootfs().resolve("sbin/init"), dir.defaultRootfs().resolve("bin/busybox"))).isTrue();
        List<String> applets = busyboxApplets();
        assertThat(tree.keySet().stream().filter(k -> k.startsWith("bin/") && tree.get(k).equals("link -> busybox")))
                .hasSize(applets.size());
        assertThat(Files.readString(dir.defaultRootfs().resolve("etc/passwd"))).isEqualTo("root:x:0:0:root:/root:/bin/sh\n");
        assertThat(Files.readString(dir.defaultRootfs().resolve("etc/inittab")))
                .contains("::sysinit:/etc/init.d/rcS").contains("console::askfirst:/bin/sh");

        List<String> config = Files.readAllLines(dir.config());
        assertThat(config.getFirst()).startsWith("#").contains("busybox");
        List<String> settings = config.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(settings).startsWith(
                "lxc.net.0.type = empty",
                "lxc.apparmor.profile = unconfined",
                "lxc.rootfs.path = dir:" + dir.defaultRootfs(),
                "lxc.signal.halt = SIGUSR1",
                "lxc.signal.reboot = SIGTERM",
                "lxc.uts.name = \"bb\"");
        assertThat(settings).contains("lxc.mount.entry = /usr/lib usr/lib none ro,bind 0 0",
                "lxc.mount.auto = cgroup:mixed proc:mixed sys:ro");
        assertThat(config).contains("# kept comment").doesNotContain("lxc.net.0.type = veth");
        assertThat(progress).anyMatch(l -> l.startsWith("Copying")).anyMatch(l -> l.startsWith("Writing config"));
    }

    @Test
    void hostTemplateUsesTheHostsUsr() throws Exception {
        ContainerDir dir = creator().create(CreateRequest.of("h1", "host"));
        Path rootfs = dir.defaultRootfs();
        for (String top : List.of("bin", "sbin", "lib", "lib64", "lib32", "libx32")) {
            Path host = Path.of("/", top);
            if (Files.isSymbolicLink(host)) {
                assertThat(Files.readSymbolicLink(rootfs.resolve(top))).isEqualTo(Files.readSymbolicLink(host));
            } else if (Files.isDirectory(host)) {
                assertThat(rootfs.resolve(top)).isDirectory();
            } else {
                assertThat(rootfs.resolve(top)).doesNotExist();
            }
        }
        assertThat(Files.readString(rootfs.resolve("etc/hostname"))).isEqualTo("h1\n");
        assertThat(TreeListing.describe(rootfs.resolve("tmp"))).isEqualTo("dir 1777");
        assertThat(Files.isSymbolicLink(rootfs.resolve("usr"))).isFalse();
        assertThat(rootfs.resolve("usr")).isEmptyDirectory();
        List<String> config = Files.readAllLines(dir.config());
        assertThat(config).contains("lxc.uts.name = h1", "lxc.autodev = 1",
                "lxc.mount.auto = proc:mixed sys:ro cgroup:mixed",
                "lxc.mount.entry = /usr usr none ro,bind 0 0", "lxc.init.cmd = /bin/sh",
                "lxc.cap.drop = sys_module mac_admin mac_override sys_time",
                "lxc.rootfs.path = dir:" + rootfs);
    }

    @Test
    void configFileReplacesTheDefaultAndMayNameAnExistingRootfs() throws Exception {
        Path rootfs = Files.createDirectory(tmp.resolve("elsewhere"));
        Path conf = Files.writeString(tmp.resolve("c.conf"), "lxc.tty.max = 2\nlxc.rootfs.path = dir:" + rootfs + "\n");
        ContainerDir dir = creator().create(new CreateRequest("c1", "host", List.of(), conf, null));
        List<String> config = Files.readAllLines(dir.config());
        assertThat(config).contains("lxc.tty.max = 2").doesNotContain("lxc.net.0.type = empty");
        assertThat(rootfs.resolve("etc/passwd")).exists();
        assertThat(dir.defaultRootfs()).doesNotExist();
    }

    @Test
    void configFileNamingAMissingRootfsFailsAndLeavesNothing() throws Exception {
        Path conf = Files.writeString(tmp.resolve("c.conf"), "lxc.rootfs.path = /nonexistent/rootfs\n");
        assertThatThrownBy(() -> creator().create(new CreateRequest("c1", "host", List.of(), conf, null)))
                .hasMessage("The rootfs \"/nonexistent/rootfs\" does not exist");
        assertThat(lxcpath.resolve("c1")).doesNotExist();
    }

    @Test
    void missingConfigFileIsAnError() {
        assertThatThrownBy(() -> creator().create(
                new CreateRequest("c1", "host", List.of(), tmp.resolve("nope.conf"), null)))
                .hasMessageContaining("nope.conf");
        assertThat(lxcpath.resolve("c1")).doesNotExist();
    }

    @Test
    void missingDefaultConfigMeansNone() throws Exception {
        Files.delete(defaultConfig);
        ContainerDir dir = creator().create(CreateRequest.of("c1", "none"));
        assertThat(Files.readString(dir.config())).isEmpty();
        assertThat(dir.defaultRootfs()).doesNotExist();
    }

    @Test
    void noneTemplateWritesOnlyTheDefaultConfig() throws Exception {
        ContainerDir dir = creator().create(CreateRequest.of("c1", "none"));
        assertThat(Files.readAllLines(dir.config())).containsExactly(
                "lxc.net.0.type = empty", "# kept comment", "lxc.apparmor.profile = unconfined");
    }

    @Test
    void hwaddrPlaceholdersOfTheInitialConfigAreWrittenResolvedSoTheMacStaysAcrossStarts() throws Exception {
        Files.writeString(defaultConfig, """
                lxc.net.0.type = veth
                lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx
                # lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx
                lxc.network.type = veth
                lxc.network.hwaddr = xX:16:3e:aa:bb:cc
                """);
        var creator = new ContainerCreator(lxcpath, defaultConfig, Templates.builtIn(), progress::add,
                warnings::add, new java.util.Random(7));
        ContainerDir dir = creator.create(CreateRequest.of("c1", "none"));
        List<String> lines = Files.readAllLines(dir.config());
        // The same draws as LXC's update_hwaddr: x by x, left to right; position 1 even (unicast).
        var expect = new java.util.Random(7);
        String first = org.jlxc.net.Hwaddr.completeLine("lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx", expect);
        String second = org.jlxc.net.Hwaddr.completeLine("lxc.network.hwaddr = xX:16:3e:aa:bb:cc", expect);
        assertThat(lines).containsExactly("lxc.net.0.type = veth", first,
                "# lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx", "lxc.network.type = veth", second);
        assertThat(first).matches("lxc\\.net\\.0\\.hwaddr = 00:16:3e(:[0-9a-f]{2}){3}");
        assertThat(second).matches("lxc\\.network\\.hwaddr = [0-9a-f][02468ace]:16:3e:aa:bb:cc");

        var config = org.jlxc.config.ContainerConfig.load(dir.config(), w -> { });
        var start1 = org.jlxc.net.NetworkPlan.of(config, new java.util.Random(1));
        var start2 = org.jlxc.net.NetworkPlan.of(config, new java.util.Random(2));
        assertThat(start1.devices().get(0).iface().hwaddr().value())
                .isEqualTo(first.substring(first.indexOf('=') + 2))
                .isEqualTo(start2.devices().get(0).iface().hwaddr().value());
    }

    @Test
    void dirOptionPlacesTheRootfsAndFailureRemovesIt() throws Exception {
        Path outside = tmp.resolve("roots/r1");
        ContainerDir dir = creator().create(new CreateRequest("c1", "host", List.of(), null, outside));
        assertThat(outside.resolve("etc/hostname")).exists();
        assertThat(Files.readAllLines(dir.config())).contains("lxc.rootfs.path = dir:" + outside);

        Path outside2 = tmp.resolve("roots/r2");
        assertThatThrownBy(() -> creator().create(new CreateRequest("c2", "busybox",
                List.of("--busybox-path=/nonexistent/busybox"), null, outside2)))
                .hasMessageContaining("/nonexistent/busybox");
        assertThat(outside2).doesNotExist();
        assertThat(lxcpath.resolve("c2")).doesNotExist();
    }

    @Test
    void relativeDirIsRefused() {
        assertThatThrownBy(() -> creator().create(new CreateRequest("c1", "host", List.of(), null, Path.of("rel"))))
                .hasMessage("--dir should use absolute path");
    }

    @Test
    void refusesAnExistingContainerAndLeavesItAlone() throws Exception {
        ContainerDir dir = creator().create(CreateRequest.of("c1", "none"));
        String before = Files.readString(dir.config());
        assertThatThrownBy(() -> creator().create(CreateRequest.of("c1", "host")))
                .hasMessage("Container already exists");
        assertThat(Files.readString(dir.config())).isEqualTo(before);
        assertThat(dir.defaultRootfs()).doesNotExist();
    }

    @Test
    void unknownTemplateLeavesNothing() {
        assertThatThrownBy(() -> creator().create(CreateRequest.of("c1", "nosuch")))
                .hasMessageContaining("Template \"nosuch\" not found").hasMessageContaining("busybox");
        assertThat(lxcpath.resolve("c1")).doesNotExist();
        assertThatThrownBy(() -> creator().create(CreateRequest.of("c1", null)))
                .hasMessageContaining("A template must be specified");
    }

    @Test
    void badTemplateArgumentLeavesNothing() {
        assertThatThrownBy(() -> creator().create(CreateRequest.of("c1", "busybox", "--bogus")))
                .hasMessageContaining("--bogus");
        assertThat(lxcpath.resolve("c1")).doesNotExist();
    }

    @Test
    void failingTemplateLeavesNothingButAPreexistingDirectory() throws Exception {
        Template failing = new Template() {
            public String name() { return "failing"; }
            public String summary() { return ""; }
            public String help() { return ""; }
            public void create(TemplateContext ctx) throws TemplateException {
                assertThat(PartialCreation.check(new ContainerDir(ctx.containerDir().getParent(), ctx.name())))
                        .isEqualTo(PartialState.ONGOING);
                ctx.config().set("lxc.uts.name", "x");
                throw new TemplateException("boom");
            }
        };
        ContainerCreator creator = creator(new Templates(List.of(failing)));
        assertThatThrownBy(() -> creator.create(CreateRequest.of("c1", "failing")))
                .hasMessage("Failed to create container c1 from template failing: boom");
        assertThat(lxcpath.resolve("c1")).doesNotExist();

        // A directory that was there before (without config) stays, emptied of what we made.
        Path keep = Files.createDirectories(lxcpath.resolve("c2")).resolve("keep");
        Files.writeString(keep, "x");
        assertThatThrownBy(() -> creator.create(CreateRequest.of("c2", "failing"))).isInstanceOf(StoreException.class);
        try (var left = Files.list(lxcpath.resolve("c2"))) {
            assertThat(left).containsExactly(keep);
        }
    }

    @Test
    void ongoingCreationElsewhereIsRefused() throws Exception {
        Path c1 = Files.createDirectories(lxcpath.resolve("c1"));
        Path partial = Files.createFile(c1.resolve("partial"));
        try (LockHolder holder = new LockHolder(partial)) {
            assertThatThrownBy(() -> creator().create(CreateRequest.of("c1", "host")))
                    .hasMessage("Creation of c1 is still in progress");
            assertThat(partial).exists();
            assertThat(c1.resolve("rootfs")).doesNotExist();
        }
    }

    @Test
    void abandonedCreationIsDestroyedThenCreatedAgain() throws Exception {
        Path c1 = Files.createDirectories(lxcpath.resolve("c1"));
        Files.createFile(c1.resolve("partial"));
        Files.createDirectories(c1.resolve("rootfs/half/made"));
        Files.writeString(c1.resolve("config"), "lxc.rootfs.path = dir:" + c1.resolve("rootfs") + "\n");

        ContainerDir dir = creator().create(CreateRequest.of("c1", "host"));
        assertThat(warnings).singleElement().asString().contains("not completely created");
        assertThat(dir.defaultRootfs().resolve("half")).doesNotExist();
        assertThat(dir.partialFile()).doesNotExist();
        assertThat(Files.isDirectory(dir.defaultRootfs().resolve("etc"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void invalidNameIsRefusedBeforeAnythingIsMade() {
        assertThatThrownBy(() -> creator().create(CreateRequest.of("../evil", "host")))
                .isInstanceOf(StoreException.class).hasMessageContaining("must not contain '/'");
        assertThat(lxcpath).doesNotExist();
    }
}
