package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** lxc.hook.*: when each runs, what it is told, and what a failing one does to the start. */
@Tag("privileged")
class HooksIT {
    private static final String NAME = "hx";

    /** Appends to MARKS one line per run: what LXC passes as arguments and environment. */
    private static final String RECORDER = """
            #!/bin/sh
            echo "args=$* type=${LXC_HOOK_TYPE:-} name=$LXC_NAME rootfs=$LXC_ROOTFS_MOUNT target=${LXC_TARGET:-} \
            cfg=$LXC_CONFIG_FILE" >>%s
            """;

    private static Cmd jlxc(Lxcpath lxc, String tool, String... args) {
        return lxc.jlxc(NAME, tool, args);
    }

    private static void create(Lxcpath lxc) throws Exception {
        lxc.createBusybox(NAME);
    }

    private static Path config(Lxcpath lxc) {
        return lxc.config(NAME);
    }

    private static Path rootfs(Lxcpath lxc) {
        return lxc.dir.resolve(NAME).resolve("rootfs");
    }

    /** Appends config lines; returns the "FILE:LINE" of the first one. */
    private static String append(Lxcpath lxc, String... lines) throws Exception {
        Path c = config(lxc);
        int first = Files.readAllLines(c).size() + 1;
        String text = Files.readString(c);
        if (!text.endsWith("\n")) {
            text += "\n";
            first = text.split("\n", -1).length;
        }
        Files.writeString(c, text + String.join("\n", lines) + "\n");
        return c + ":" + first;
    }

    private static Path script(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static Path recorder(Lxcpath lxc) throws Exception {
        return script(lxc.dir.resolve("rec.sh"), RECORDER.formatted(marks(lxc)));
    }

    private static Path marks(Lxcpath lxc) {
        return lxc.dir.resolve("marks");
    }

    private static List<String> markLines(Lxcpath lxc) throws Exception {
        return Files.exists(marks(lxc)) ? Files.readAllLines(marks(lxc)) : List.of();
    }

    @Test
    void everyHookRunsInLxcsOrderWithItsArgumentsAndEnvironment() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            Path rec = recorder(lxc);
            // The start hook runs inside the container with its own /bin/sh.
            script(rootfs(lxc).resolve("start-hook.sh"),
                    "#!/bin/sh\necho \"args=$* name=$LXC_NAME pid=$$\" >/start-mark\n");
            append(lxc, "lxc.hook.pre-start = " + rec, "lxc.hook.pre-mount = " + rec, "lxc.hook.mount = " + rec,
                    "lxc.hook.autodev = " + rec, "lxc.hook.start = /start-hook.sh", "lxc.hook.start-host = " + rec,
                    "lxc.hook.stop = " + rec, "lxc.hook.post-stop = " + rec);
            Cmd r = jlxc(lxc, "start", "-F", "--", "/bin/cat", "/start-mark");
            r.assertOk();
            // The start hook ran in the container's PID namespace before init (PID 1 is the child).
            assertThat(r.out()).matches("args=hx lxc start name=hx pid=\\d+\\n");
            // LXC_ROOTFS_MOUNT: where the start mounts the rootfs before pivot_root, as LXC.
            String rootfs = org.jlxc.config.Rootfs.DEFAULT_MOUNT;
            List<String> m = markLines(lxc);
            List<String> want = new ArrayList<>();
            for (String type : List.of("pre-start", "pre-mount", "mount", "autodev", "start-host", "stop", "post-stop")) {
                String target = type.endsWith("stop") ? "stop" : "";
                // The stop hook gets the namespaces the monitor keeps (checked below).
                String ns = type.equals("stop") ? " mnt:/proc/\\d+/fd/\\d+ pid:\\S+ uts:\\S+ ipc:\\S+ net:\\S+ cgroup:\\S+" : "";
                want.add(java.util.regex.Pattern.quote("args=hx lxc " + type) + ns + java.util.regex.Pattern.quote(
                        " type= name=hx rootfs=" + rootfs + " target=" + target + " cfg=" + config(lxc)));
            }
            assertThat(m).hasSameSizeAs(want);
            for (int i = 0; i < want.size(); i++) assertThat(m.get(i)).matches(want.get(i));
            Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    @Test
    void newStyleHooksOfADaemonStartGetTheirTypeInTheEnvironment() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            Path rec = recorder(lxc);
            append(lxc, "lxc.hook.version = 1", "lxc.hook.pre-start = " + rec, "lxc.hook.mount = " + rec,
                    "lxc.hook.start-host = " + rec, "lxc.hook.post-stop = " + rec);
            jlxc(lxc, "start").assertOk();
            String rootfs = org.jlxc.config.Rootfs.DEFAULT_MOUNT;
            assertThat(markLines(lxc)).containsExactly(
                    "args= type=pre-start name=hx rootfs=" + rootfs + " target= cfg=" + config(lxc),
                    "args= type=mount name=hx rootfs=" + rootfs + " target= cfg=" + config(lxc),
                    "args= type=start-host name=hx rootfs=" + rootfs + " target= cfg=" + config(lxc));
            jlxc(lxc, "stop").assertOk();
            // lxc-stop returns once STOPPED, which is after the post-stop work.
            assertThat(markLines(lxc)).hasSize(4).last()
                    .isEqualTo("args= type=post-stop name=hx rootfs=" + rootfs + " target=stop cfg=" + config(lxc));
            Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    @Test
    void aFailingPreStartHookAbortsTheStartBeforeAnythingIsMade() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            Path rec = recorder(lxc);
            Path fail = script(lxc.dir.resolve("fail.sh"), "#!/bin/sh\nexit 3\n");
            String at = append(lxc, "lxc.hook.pre-start = " + fail, "lxc.hook.pre-start = " + rec,
                    "lxc.hook.mount = " + rec);
            Cmd r = jlxc(lxc, "start", "-F", "--", "/bin/true");
            assertThat(r.exit()).as(r.toString()).isNotZero();
            assertThat(r.err()).contains("lxc.hook.pre-start (" + at + ")").contains("exited with status 3");
            // The first failure stops the chain, and the container never began.
            assertThat(markLines(lxc)).isEmpty();
            Leftovers.assertNothingLeft(lxc, NAME);
            // A daemon start fails the same way.
            Cmd d = jlxc(lxc, "start");
            assertThat(d.exit()).as(d.toString()).isNotZero();
            assertThat(d.err()).contains("lxc.hook.pre-start (" + at + ")");
            Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    @Test
    void aFailingMountHookAbortsTheStartNamingItsLine() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            String at = append(lxc, "lxc.hook.mount = /bin/sh -c 'exit 4'");
            Cmd r = jlxc(lxc, "start", "-F", "--", "/bin/echo", "init ran");
            assertThat(r.exit()).as(r.toString()).isNotZero();
            assertThat(r.out()).doesNotContain("init ran");
            assertThat(r.err()).contains("lxc.hook.mount (" + at + ")").contains("exited with status 4");
            Leftovers.assertNothingLeft(lxc, NAME);
            Cmd d = jlxc(lxc, "start");
            assertThat(d.exit()).as(d.toString()).isNotZero();
            assertThat(d.err()).contains("lxc.hook.mount (" + at + ")");
            Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    @Test
    void aFailingStartHookInsideTheContainerAbortsTheStart() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            // /no-such-hook exists on neither side: the shell in the container cannot run it.
            String at = append(lxc, "lxc.hook.start = /no-such-hook");
            Cmd r = jlxc(lxc, "start", "-F", "--", "/bin/echo", "init ran");
            assertThat(r.exit()).as(r.toString()).isNotZero();
            assertThat(r.out()).doesNotContain("init ran");
            assertThat(r.err()).contains("lxc.hook.start (" + at + ")").contains("exited with status 127");
            Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    @Test
    void aFailingStartHostHookKillsTheChildBeforeItsInit() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            String at = append(lxc, "lxc.hook.start-host = /bin/false");
            Cmd r = jlxc(lxc, "start", "-F", "--", "/bin/echo", "init ran");
            assertThat(r.exit()).as(r.toString()).isNotZero();
            assertThat(r.out()).doesNotContain("init ran");
            assertThat(r.err()).contains("lxc.hook.start-host (" + at + ")").contains("exited with status 1");
            Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    @Test
    void aFailingPostStopHookIsOnlyAWarning() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            String at = append(lxc, "lxc.hook.post-stop = /bin/false");
            Cmd r = jlxc(lxc, "start", "-F", "--", "/bin/sh", "-c", "exit 5");
            assertThat(r.exit()).as(r.toString()).isEqualTo(5);
            assertThat(r.err()).contains("lxc.hook.post-stop (" + at + ")");
            Leftovers.assertNothingLeft(lxc, NAME);
            jlxc(lxc, "start").assertOk();
            jlxc(lxc, "stop").assertOk();
            Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    @Test
    void theStopHookCanEnterTheNamespacesOfTheDeadInit() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            Path out = lxc.dir.resolve("stop.out");
            // Old style: "TYPE:/proc/PID/fd/N" arguments; each also as LXC_<TYPE>_NS, with LXC_PID.
            Path hook = script(lxc.dir.resolve("stop.sh"), """
                    #!/bin/sh
                    [ $# -ge 3 ] && shift 3
                    for a in "$@"; do echo "$a" | cut -d: -f1; done >%1$s
                    echo "uts=$(readlink ${LXC_UTS_NS}) pid=$LXC_PID" >>%1$s
                    nsenter --uts=${LXC_UTS_NS} hostname >>%1$s
                    nsenter --mount=${LXC_MNT_NS} cat /etc/hx-mark >>%1$s
                    """.formatted(out));
            Files.writeString(rootfs(lxc).resolve("etc/hx-mark"), "inside\n");
            append(lxc, "lxc.hook.stop = " + hook, "lxc.uts.name = hx-inside");
            Cmd r = jlxc(lxc, "start", "-F", "--", "/bin/sh", "-c", "readlink /proc/self/ns/uts; echo $$");
            r.assertOk();
            String initUts = r.out().lines().toList().get(0);
            List<String> lines = Files.readAllLines(out);
            assertThat(lines).hasSize(9);
            assertThat(lines.subList(0, 6)).containsExactly("mnt", "pid", "uts", "ipc", "net", "cgroup");
            // The same UTS namespace as init's, entered after init ended; LXC_PID its host pid.
            assertThat(lines.get(6)).startsWith("uts=" + initUts + " pid=").matches("uts=uts:\\[\\d+] pid=\\d+");
            assertThat(lines.subList(7, 9)).containsExactly("hx-inside", "inside");
            Leftovers.assertNothingLeft(lxc, NAME);
            // New style: no arguments, the same in the environment; a daemon's too.
            Files.delete(out);
            append(lxc, "lxc.hook.version = 1");
            jlxc(lxc, "start", "--", "/bin/sleep", "1000").assertOk();
            jlxc(lxc, "stop", "-k").assertOk();
            assertThat(Files.readAllLines(out)).hasSize(3).element(1).isEqualTo("hx-inside");
            Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    @Test
    void aRebootSaysRebootToTheStopAndPostStopHooks() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            Path rec = recorder(lxc);
            append(lxc, "lxc.hook.post-stop = " + rec, "lxc.hook.version = 1");
            Cmd r = jlxc(lxc, "start", "-F", "--", "/bin/sh", "-c",
                    "if [ ! -e /rebooted ]; then touch /rebooted; reboot -f; fi; exit 0");
            r.assertOk();
            assertThat(markLines(lxc)).hasSize(2);
            assertThat(markLines(lxc).get(0)).contains("type=post-stop").contains("target=reboot");
            assertThat(markLines(lxc).get(1)).contains("type=post-stop").contains("target=stop");
            Leftovers.assertNothingLeft(lxc, NAME);
            // A daemon's reboot (by the shim's exit command) says so too.
            Files.delete(marks(lxc));
            Files.delete(rootfs(lxc).resolve("rebooted"));
            jlxc(lxc, "start", "--", "/bin/sh", "-c",
                    "if [ ! -e /rebooted ]; then touch /rebooted; reboot -f; fi; exec sleep 1000").assertOk();
            long deadline = System.currentTimeMillis() + 10_000;
            while (markLines(lxc).isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(50);
            jlxc(lxc, "wait", "-s", "RUNNING", "-t", "10").assertOk();
            jlxc(lxc, "stop", "-k").assertOk();
            assertThat(markLines(lxc)).hasSize(2);
            assertThat(markLines(lxc).get(0)).contains("target=reboot");
            assertThat(markLines(lxc).get(1)).contains("target=stop");
            Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    @Test
    void theRootfsIsMountedAtLxcRootfsMountForTheMountHooks() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            Path out = lxc.dir.resolve("mount.out");
            Path hook = script(lxc.dir.resolve("mount.sh"), """
                    #!/bin/sh
                    echo "$LXC_ROOTFS_MOUNT $(cat $LXC_ROOTFS_MOUNT/etc/hx-mark)" >>%s
                    """.formatted(out));
            Files.writeString(rootfs(lxc).resolve("etc/hx-mark"), "inside\n");
            append(lxc, "lxc.hook.mount = " + hook);
            jlxc(lxc, "start", "-F", "--", "/bin/true").assertOk();
            assertThat(Files.readAllLines(out)).containsExactly(org.jlxc.config.Rootfs.DEFAULT_MOUNT + " inside");
            // Only in the container's mount namespace: the host's mount point stays as it was.
            assertThat(Files.exists(Path.of(org.jlxc.config.Rootfs.DEFAULT_MOUNT, "etc/hx-mark"))).isFalse();
            Leftovers.assertNothingLeft(lxc, NAME);
            // lxc.rootfs.mount chooses the place; it must exist, as in LXC.
            Path mnt = Files.createDirectories(lxc.dir.resolve("mnt"));
            append(lxc, "lxc.rootfs.mount = " + mnt);
            Files.delete(out);
            jlxc(lxc, "start", "-F", "--", "/bin/true").assertOk();
            assertThat(Files.readAllLines(out)).containsExactly(mnt + " inside");
            Leftovers.assertNothingLeft(lxc, NAME);
            Files.delete(mnt);
            Cmd r = jlxc(lxc, "start", "-F", "--", "/bin/true");
            assertThat(r.exit()).as(r.toString()).isNotZero();
            assertThat(r.err()).contains("lxc.rootfs.mount (");
            Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    @Test
    void lxcDestroyRunsTheDestroyHooksAndAFailingOneKeepsTheContainer() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc);
            Path rec = recorder(lxc);
            // The clone hook is lxc-copy's: a start ignores it, as LXC's does.
            append(lxc, "lxc.hook.clone = /bin/false");
            jlxc(lxc, "start", "-F", "--", "/bin/true").assertOk();
            String at = append(lxc, "lxc.hook.destroy = /bin/sh -c 'exit 3'");
            Cmd d = jlxc(lxc, "destroy");
            assertThat(d.exit()).as(d.toString()).isEqualTo(1);
            assertThat(d.err()).contains("lxc.hook.destroy (" + at + ")").contains("exited with status 3");
            assertThat(rootfs(lxc).resolve("bin/busybox")).exists();
            Files.writeString(config(lxc), Files.readString(config(lxc)).replace("lxc.hook.destroy = /bin/sh -c 'exit 3'",
                    "lxc.hook.destroy = " + rec));
            jlxc(lxc, "destroy").assertOk();
            assertThat(lxc.dir.resolve(NAME)).doesNotExist();
            assertThat(markLines(lxc)).containsExactly("args=hx lxc destroy type= name=hx rootfs="
                    + org.jlxc.config.Rootfs.DEFAULT_MOUNT + " target= cfg=" + config(lxc));
            Leftovers.assertNothingLeft(lxc, NAME);
        }
    }

    /** Leftover checks for one container only (other tests may run containers at the same time). */
    static final class Leftovers {
        static void assertNothingLeft(Lxcpath lxc, String name) throws Exception {
            assertThat(FirstContainerIT.cgroupLeft(name)).as("cgroup lxc.payload." + name + " left").isFalse();
            Path dir = org.jlxc.runtime.RuntimeDir.of(lxc.dir, name).dir();
            for (String f : List.of("command", "container", "config", "hooks", "pidfile")) {
                assertThat(dir.resolve(f)).as("runtime file left").doesNotExist();
            }
        }
    }
}
