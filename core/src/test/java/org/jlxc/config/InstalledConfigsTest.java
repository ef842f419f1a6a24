package org.jlxc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real LXC files: the distro includes, and busybox container configs written by lxc-create. */
class InstalledConfigsTest {
    /** Installed by Debian's lxc package; CI installs it, so its absence is a failure, not a skip. */
    static final Path LXC_CONFIG_DIR = Path.of("/usr/share/lxc/config");

    @TempDir
    Path tmp;

    @Test
    void everyDistroConfigLoads() throws Exception {
        assertThat(LXC_CONFIG_DIR).as("LXC's config dir (install the lxc package)").isDirectory();
        List<Path> confs;
        try (Stream<Path> s = Files.walk(LXC_CONFIG_DIR)) {
            confs = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertThat(confs).hasSizeGreaterThan(20);
        for (Path conf : confs) {
            List<String> warnings = new ArrayList<>();
            ContainerConfig c = ContainerConfig.load(conf, warnings::add);
            assertThat(warnings).as(conf.toString()).isEmpty();
            long keyLines = Files.readAllLines(conf).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
            assertThat(c.lines().stream().filter(l -> conf.equals(l.origin().file())).count())
                    .as(conf.toString()).isEqualTo(keyLines);
        }
        ContainerConfig common = ContainerConfig.load(LXC_CONFIG_DIR.resolve("common.conf"), w -> { });
        assertThat(common.ttyDir()).isEqualTo("lxc");
        assertThat(common.seccompProfile()).isEqualTo("/usr/share/lxc/config/common.seccomp");
        assertThat(common.cgroupSettings()).anyMatch(s -> s.version() == 2 && s.key().equals("devices.deny"));
        assertThat(common.mountAuto().sys()).isEqualTo(MountAuto.Sys.MIXED);
    }

    @Test
    void busyboxConfigResourceLoads() throws Exception {
        ContainerConfig c = ContainerConfig.load(Path.of("src/test/resources/config/busybox-5.x.conf"), w -> { });
        checkBusybox(c, "bb", "/var/lib/lxc/bb/rootfs");
    }

    /** Creates a busybox container with the real lxc-create when we can (root, lxc installed). */
    @Test
    void configWrittenByRealLxcCreateLoads() throws Exception {
        Path lxcCreate = Path.of("/usr/bin/lxc-create");
        assumeTrue(Files.isExecutable(lxcCreate), "lxc-create not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Path lxcpath = tmp.resolve("lxc");
        Files.createDirectories(lxcpath);
        try {
            run("lxc-create", "-P", lxcpath.toString(), "-n", "x", "-t", "busybox");
            ContainerConfig c = ContainerConfig.load(lxcpath.resolve("x/config"), w -> { });
            checkBusybox(c, "x", lxcpath.resolve("x/rootfs").toString());
        } finally {
            if (Files.exists(lxcpath.resolve("x"))) {
                run("lxc-destroy", "-P", lxcpath.toString(), "-n", "x");
            }
            deleteLockDir(lxcpath);
        }
    }

    private static void checkBusybox(ContainerConfig c, String name, String rootfs) {
        assertThat(c.utsName()).isEqualTo(name);
        assertThat(c.rootfs().type()).isEqualTo("dir");
        assertThat(c.rootfs().path()).isEqualTo(rootfs);
        assertThat(c.haltSignal()).isEqualTo(10);
        assertThat(c.rebootSignal()).isEqualTo(15);
        assertThat(c.autodev()).isTrue();
        assertThat(c.ttyMax()).isEqualTo(5);
        assertThat(c.ptyMax()).isEqualTo(1);
        assertThat(c.capDrop()).containsExactly(16, 33, 32, 25);
        assertThat(c.mountAuto()).extracting(MountAuto::proc, MountAuto::sys, MountAuto::cgroup)
                .containsExactly(MountAuto.Proc.MIXED, MountAuto.Sys.RO, MountAuto.Cgroup.MIXED);
        assertThat(c.mountEntries()).extracting(MountEntry::target).startsWith("dev/shm", "dev/mqueue")
                .endsWith("sys/kernel/security");
        assertThat(c.networks()).hasSize(1);
    }

    /** LXC leaves its lock directory /run/lxc/lock/LXCPATH behind; it is ours, so remove it. */
    private static void deleteLockDir(Path lxcpath) throws IOException {
        Path lockDir = Path.of("/run/lxc/lock").resolve(lxcpath.toString().substring(1));
        if (Files.isDirectory(lockDir)) {
            try (Stream<Path> s = Files.walk(lockDir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            Path parent = lockDir.getParent(); // the junit temp dir's own name under /run/lxc/lock/tmp
            try (Stream<Path> s = Files.list(parent)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(parent);
                }
            }
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }
}
