package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * lxc.idmap: a container started by root in a user namespace of its own, its ids mapped to
 * 100000-165535 and its rootfs owned by them. Checked from inside and on the host, and the same
 * config under LXC's lxc-execute gives the same answers.
 */
@Tag("privileged")
class IdmapIT {
    private static final String MAPS = "lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n";

    /** What the command inside sees; busybox's PATH set explicitly (LXC's execute passes ours). */
    private static final String PROBE = "export PATH=/bin:/sbin:/usr/bin; cat /proc/self/uid_map /proc/self/gid_map; "
            + "id -u; id -g; grep -E '^(Uid|Gid)' /proc/1/status; hostname; touch /tmp/made; "
            + "stat -c '%n %u:%g' /tmp/made /dev/console /dev/pts/0 /dev/null /; cat /proc/self/setgroups; ulimit -n; ulimit -Hn";

    /** A busybox container whose directory and rootfs belong to the mapped root, as lxc-create makes them. */
    private static Path create(Lxcpath lxc, String name, String extra) throws Exception {
        Path config = lxc.createBusybox(name, MAPS + extra);
        Path dir = config.getParent();
        // The lxcpath (a private temporary directory) must let the mapped root through to the rootfs.
        assertThat(Cmd.run("chmod", "711", lxc.path()).exit()).isZero();
        assertThat(Cmd.run("chown", "-R", "100000:100000", dir.resolve("rootfs").toString()).exit()).isZero();
        assertThat(Cmd.run("chown", "100000:100000", dir.toString()).exit()).isZero();
        return config;
    }

    @Test
    void theContainerRunsAsTheRootOfItsUserNamespaceAsUnderLxc() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            // Set from the host, as LXC's monitor does (raising a hard one needs CAP_SYS_RESOURCE,
            // which this host's root lacks).
            Path config = create(lxc, "um-idx", "lxc.prlimit.nofile = 100:200\n");
            Cmd j = lxc.jlxc("um-idx", "execute", "--", "/bin/sh", "-c", PROBE);
            assertThat(j.exit()).as(j.toString()).isZero();
            assertThat(j.out()).isEqualTo("""
                             0     100000      65536
                             0     100000      65536
                    0
                    0
                    Uid:\t0\t0\t0\t0
                    Gid:\t0\t0\t0\t0
                    um-idx
                    /tmp/made 0:0
                    /dev/console 0:0
                    /dev/pts/0 0:5
                    /dev/null 65534:65534
                    / 0:0
                    allow
                    100
                    200
                    """);
            Path made = config.getParent().resolve("rootfs/tmp/made");
            assertThat(Files.getAttribute(made, "unix:uid")).isEqualTo(100000);
            assertThat(Files.getAttribute(made, "unix:gid")).isEqualTo(100000);
            assertThat(FirstContainerIT.cgroupLeft("um-idx")).isFalse();
            // LXC uses newuidmap when it is installed and then wants a range for root in /etc/subuid;
            // without it on PATH LXC writes the maps itself, as jlxc does.
            Cmd l = Cmd.run("env", "PATH=/usr/sbin:/sbin", "/usr/bin/lxc-execute", "-P", lxc.path(), "-n", "um-idx",
                    "--", "/bin/sh", "-c", PROBE);
            assertThat(l.exit()).as(l.toString()).isZero();
            assertThat(j.out()).isEqualTo(l.out());
        }
    }

    @Test
    void aDaemonsCgroupAndTtysBelongToTheContainersRoot() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "um-idd", "");
            try {
                Cmd start = lxc.jlxc("um-idd", "start", "-d");
                assertThat(start.exit()).as(start.toString()).isZero();
                String pid = lxc.jlxc("um-idd", "info", "-pH").out().strip();
                assertThat(Files.readString(Path.of("/proc/" + pid + "/status"))).contains("Uid:\t100000\t100000");
                try (var s = Files.walk(Path.of("/sys/fs/cgroup"), 3)) {
                    for (Path cg : s.filter(p -> p.getFileName().toString().equals("lxc.payload.um-idd")).toList()) {
                        // As LXC started by root: the launcher's, in the container root's group, group-writable.
                        assertThat(Files.getAttribute(cg, "unix:gid")).as(cg.toString()).isEqualTo(100000);
                        assertThat(Files.getAttribute(cg, "unix:mode")).isEqualTo(040775);
                        assertThat(Files.getAttribute(cg.resolve("cgroup.procs"), "unix:gid")).isEqualTo(100000);
                        assertThat(Files.getAttribute(cg.resolve("cgroup.procs"), "unix:mode")).isEqualTo(0100664);
                    }
                }
                Cmd in = lxc.jlxc("um-idd", "attach", "--", "/bin/sh", "-c",
                        "export PATH=/bin; id -u; stat -c '%n %u:%g' /dev/tty1 /dev/tty2 /dev/console; hostname");
                assertThat(in.exit()).as(in.toString()).isZero();
                // tty1 is getty's, which gives it to root (as under LXC); the others are devpts's 0:5.
                assertThat(in.out()).isEqualTo("0\n/dev/tty1 0:0\n/dev/tty2 0:5\n/dev/console 0:0\num-idd\n");
            } finally {
                assertThat(lxc.jlxc("um-idd", "stop", "-k").exit()).isZero();
            }
            DaemonLifecycleIT.assertNothingLeft(lxc, "um-idd");
        }
    }

    @Test
    void aBadMapOrRootfsFailsNamingTheLine() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            Path config = create(lxc, "um-idb", "lxc.idmap = u 1000 100500 10\n");
            Cmd r = lxc.jlxc("um-idb", "start", "-F", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            int line = (int) Files.readAllLines(config).indexOf("lxc.idmap = u 1000 100500 10") + 1;
            assertThat(r.err()).contains("lxc.idmap = u 1000 100500 10 (" + config + ":" + line + ") overlaps "
                    + "lxc.idmap = u 0 100000 65536 (" + config + ":");
            assertThat(FirstContainerIT.cgroupLeft("um-idb")).isFalse();

            Files.writeString(config, Files.readString(config).replace("lxc.idmap = u 1000 100500 10\n", ""));
            Path rootfs = config.getParent().resolve("rootfs");
            assertThat(Cmd.run("chown", "0:0", rootfs.toString()).exit()).isZero();
            Cmd owned = lxc.jlxc("um-idb", "start", "-F", "--", "/bin/true");
            assertThat(owned.exit()).isNotZero();
            assertThat(owned.err()).contains("lxc.rootfs.path (" + config + ":").contains(rootfs
                    + " is owned by uid 0, not by the container's root (host uid 100000");
            assertThat(FirstContainerIT.cgroupLeft("um-idb")).isFalse();
        }
    }

    @Test
    void createGivesTheRootfsAndDirectoryToTheMappedRootSoTheContainerStarts() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            assertThat(Cmd.run("chmod", "711", lxc.path()).exit()).isZero();
            Path net = lxc.dir.resolve("maps.conf");
            Files.writeString(net, "lxc.net.0.type = empty\n" + MAPS);
            lxc.jlxc("um-idc", "create", "-t", "busybox", "-f", net.toString()).assertOk();
            Path dir = lxc.dir.resolve("um-idc");
            String owners = Cmd.run("stat", "-c", "%u:%g", dir.toString(), dir.resolve("rootfs").toString(),
                    dir.resolve("rootfs/bin/busybox").toString()).assertOk().out();
            assertThat(owners).isEqualTo("100000:100000\n100000:100000\n100000:100000\n");
            Cmd r = lxc.jlxc("um-idc", "start", "-F", "--", "/bin/sh", "-c", "id -u; stat -c %u /bin/busybox");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo("0\n0\n");
            assertThat(FirstContainerIT.cgroupLeft("um-idc")).isFalse();
        }
    }
}
