package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The device policy (lxc.cgroup.devices.*, lxc.cgroup2.devices.*) on a real busybox container:
 * LXC's usual policy (common.conf's lines) keeps a node made with mknod for a host block device
 * unreadable while the usual character devices work, next to what LXC's lxc-execute gives.
 */
@Tag("privileged")
class DevicesIT {
    private static final String NAME = "dvbb";

    /** One line per try; the block device's major:minor are $1 $2. */
    private static final String PROBE = """
            rm -f /tmp/blk; mknod /tmp/blk b $1 $2 && echo mknod-ok
            if head -c 1 /tmp/blk >/dev/null 2>/tmp/blk.err; then echo blk-ok; else echo "blk-denied $(cat /tmp/blk.err)"; fi
            for d in null zero full random urandom; do
              if head -c 1 /dev/$d >/dev/null 2>&1 || test $d = null; then echo $d-ok; else echo $d-denied; fi
            done
            echo x >/dev/null && echo null-write-ok
            if exec 3<>/dev/ptmx; then echo ptmx-ok; exec 3>&-; fi
            if exec 4<>/dev/console; then echo console-ok; exec 4>&-; fi
            (exec 5</dev/tty) 2>/tmp/tty.err; grep -q 'not permitted' /tmp/tty.err && echo tty-denied || echo tty-not-denied
            """;

    private static void create(Lxcpath lxc) throws Exception {
        lxc.createBusybox(NAME);
    }

    private static Path config(Lxcpath lxc) {
        return lxc.config(NAME);
    }

    /** The device lines of LXC's common.conf, both families, as a distribution config has them. */
    private static List<String> lxcUsualPolicy() throws Exception {
        return Files.readAllLines(Path.of("/usr/share/lxc/config/common.conf")).stream()
                .filter(l -> l.matches("lxc\\.cgroup2?\\.devices\\..*")).toList();
    }

    private static Cmd probe(String tool, Lxcpath lxc, int[] dev) {
        List<String> argv = tool.equals("lxc-execute")
                ? List.of("lxc-execute", "-P", lxc.path(), "-n", NAME, "--")
                : List.of(Cmd.jlxcHome().resolve("bin/jlxc").toString(), "start", "-P", lxc.path(), "-n", NAME, "-F", "--");
        List<String> all = new java.util.ArrayList<>(argv);
        all.addAll(List.of("/bin/sh", "-c", PROBE, "sh", Integer.toString(dev[0]), Integer.toString(dev[1])));
        return Cmd.run(all);
    }

    private static List<String> lines(Cmd r) {
        return Arrays.stream(r.out().split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void lxcsUsualPolicyKeepsAHostBlockDeviceUnreadableEvenAfterMknod() throws Exception {
        int[] dev = readableBlockDevice();
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            // Without device lines nothing is restricted (LXC 5 has no default policy): the node
            // is readable from the container, so the denial below is the policy's.
            List<String> open = lines(probe("jlxc", lxc, dev).assertOk());
            assertThat(open).contains("mknod-ok", "blk-ok");
            assertThat(FirstContainerIT.cgroupLeft(NAME)).isFalse();

            Files.writeString(config(lxc), Files.readString(config(lxc)) + String.join("\n", lxcUsualPolicy()) + "\n");
            List<String> confined = lines(probe("jlxc", lxc, dev).assertOk());
            assertThat(confined).contains("mknod-ok", "null-ok", "zero-ok", "full-ok", "random-ok", "urandom-ok",
                    "null-write-ok", "ptmx-ok", "console-ok", "tty-not-denied");
            assertThat(confined).anySatisfy(l -> assertThat(l).startsWith("blk-denied").contains("Operation not permitted"));
            assertThat(FirstContainerIT.cgroupLeft(NAME)).isFalse();

            // LXC on the same container and config: the same verdicts.
            List<String> lxcs = lines(probe("lxc-execute", lxc, dev).assertOk());
            assertThat(confined).containsExactlyElementsOf(lxcs);
            assertThat(FirstContainerIT.cgroupLeft(NAME)).isFalse();
        }
    }

    @Test
    void cgroup2OnlyLinesAreAppliedToTheV1ControllerWithANote() throws Exception {
        int[] dev = readableBlockDevice();
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            List<String> v2Only = lxcUsualPolicy().stream().filter(l -> l.startsWith("lxc.cgroup2.")).toList();
            Files.writeString(config(lxc), Files.readString(config(lxc)) + String.join("\n", v2Only) + "\n");
            Cmd r = probe("jlxc", lxc, dev).assertOk();
            assertThat(lines(r)).anySatisfy(l -> assertThat(l).startsWith("blk-denied"));
            assertThat(lines(r)).contains("null-ok", "zero-ok", "urandom-ok");
            if (Files.isDirectory(Path.of("/sys/fs/cgroup/devices"))) {
                assertThat(r.err()).contains("applying the lxc.cgroup2.devices.* lines");
            }
            assertThat(FirstContainerIT.cgroupLeft(NAME)).isFalse();
        }
    }

    @Test
    void aBadDeviceLineFailsTheStartWithItsFileAndLine() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            Files.writeString(config(lxc), Files.readString(config(lxc)) + "lxc.cgroup.devices.allow = c 1:3 rwx\n");
            int line = Files.readAllLines(config(lxc)).size();
            Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", NAME, "-F", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("invalid device rule \"c 1:3 rwx\" for devices.allow")
                    .contains(config(lxc) + ":" + line);
            assertThat(FirstContainerIT.cgroupLeft(NAME)).isFalse();
        }
    }

    /** A block device the host can read (a disk, else a loop device): major:minor. */
    private static int[] readableBlockDevice() throws Exception {
        try (var blocks = Files.list(Path.of("/sys/block"))) {
            for (Path b : blocks.sorted(java.util.Comparator
                    .comparing((Path p) -> p.getFileName().toString().startsWith("loop"))
                    .thenComparing(Path::toString)).toList()) {
                try (var ch = java.nio.channels.FileChannel.open(Path.of("/dev").resolve(b.getFileName()))) {
                    String[] mm = Files.readString(b.resolve("dev")).strip().split(":");
                    return new int[] {Integer.parseInt(mm[0]), Integer.parseInt(mm[1])};
                } catch (java.io.IOException e) {
                    // not readable by the host itself: useless as a witness
                }
            }
        }
        throw new AssertionError("no block device readable on this host");
    }
}
