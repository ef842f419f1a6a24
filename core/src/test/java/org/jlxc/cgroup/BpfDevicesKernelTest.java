package org.jlxc.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jlxc.config.Origin;
import org.jlxc.linux.Bpf;
import org.jlxc.linux.Linux;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BPF path against the kernel, on whatever host runs the tests (this one is hybrid, so the
 * container start takes the v1 path): a generated program attached to a cgroup2 directory of our
 * own, and a shell moved into it that tries device nodes.
 */
@Tag("privileged")
class BpfDevicesKernelTest {
    @TempDir
    Path tmp;

    /** What the shell in the cgroup reports, one word per try. */
    private static final String SCRIPT = """
            echo $$ > "$1/cgroup.procs" || exit 99
            cat /dev/null && echo null-ok
            if head -c 1 /dev/zero >/dev/null 2>"$2/zero.err"; then echo zero-ok; else echo zero-denied; fi
            mknod "$2/blk" b $3 $4 && echo mknod-ok
            if head -c 1 "$2/blk" >/dev/null 2>"$2/blk.err"; then echo blk-ok; else echo blk-denied; fi
            """;

    @Test
    void aGeneratedProgramKeepsACgroupFromReadingADiskItMadeANodeFor() throws Exception {
        assumeTrue(Linux.geteuid() == 0, "needs root");
        Hierarchy unified = CgroupLayout.ofHost().hierarchies().stream().filter(Hierarchy::unified).findFirst().orElse(null);
        assumeTrue(unified != null, "needs a cgroup2 mount");
        int[] disk = readableBlockDevice();
        Path confined = unified.dir(unified.ownCgroup()).resolve("jlxc-test-dv-bpf-" + Linux.getpid());
        Path open = unified.dir(unified.ownCgroup()).resolve("jlxc-test-dv-open-" + Linux.getpid());
        Files.createDirectory(confined);
        try {
            Files.createDirectory(open);
            Origin at = new Origin(Path.of("test"), 1);
            List<DeviceRule> rules = List.of(DeviceRule.parse(false, "a", at), DeviceRule.parse(true, "c *:* m", at),
                    DeviceRule.parse(true, "b *:* m", at), DeviceRule.parse(true, "c 1:3 rwm", at));
            Bpf.attachDeviceProgram(confined, BpfDeviceProgram.of(rules).bytes());

            Path in = Files.createDirectory(tmp.resolve("in"));
            assertThat(runIn(confined, in, disk)).containsExactly("null-ok", "zero-denied", "mknod-ok", "blk-denied");
            assertThat(Files.readString(in.resolve("zero.err"))).contains("Operation not permitted");
            assertThat(Files.readString(in.resolve("blk.err"))).contains("Operation not permitted");

            // The same script in a cgroup without the program reads both: the denials are the program's.
            Path out = Files.createDirectory(tmp.resolve("out"));
            assertThat(runIn(open, out, disk)).containsExactly("null-ok", "zero-ok", "mknod-ok", "blk-ok");
        } finally {
            // The shells have exited (waited for): the directories are empty, rmdir drops the program.
            Files.deleteIfExists(open);
            Files.delete(confined);
        }
        assertThat(confined).doesNotExist();
    }

    private static List<String> runIn(Path cgroup, Path dir, int[] disk) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "sh", cgroup.toString(), dir.toString(),
                Integer.toString(disk[0]), Integer.toString(disk[1]))
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new ArrayList<>(List.of(new String(p.getInputStream().readAllBytes()).strip().split("\n")));
        assertThat(p.exitValue()).as(String.join("\n", lines)).isNotEqualTo(99);
        return lines;
    }

    /**
     * A block device this process can open, as major:minor: a disk if the host lets us read one
     * (some VMs do not), else a loop device. Without a readable one the test would prove nothing.
     */
    static int[] readableBlockDevice() throws Exception {
        try (var blocks = Files.list(Path.of("/sys/block"))) {
            List<Path> all = blocks.sorted(java.util.Comparator
                    .comparing((Path b) -> b.getFileName().toString().startsWith("loop"))
                    .thenComparing(Path::toString)).toList();
            for (Path b : all) {
                Path node = Path.of("/dev").resolve(b.getFileName());
                try (var ch = java.nio.channels.FileChannel.open(node, java.nio.file.StandardOpenOption.READ)) {
                    String[] mm = Files.readString(b.resolve("dev")).strip().split(":");
                    return new int[] {Integer.parseInt(mm[0]), Integer.parseInt(mm[1])};
                } catch (java.io.IOException e) {
                    // not readable here: the next
                }
            }
        }
        assumeTrue(false, "needs a block device this process can read");
        return null;
    }
}
