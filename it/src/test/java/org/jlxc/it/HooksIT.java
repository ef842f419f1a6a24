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
    private static final String NAME = "hk";

    /** Appends to MARKS one line per run: what LXC passes as arguments and environment. */
    private static final String RECORDER = """
            #!/bin/sh
            echo "args=$* type=${LXC_HOOK_TYPE:-} name=$LXC_NAME rootfs=$LXC_ROOTFS_MOUNT target=${LXC_TARGET:-} \
            cfg=$LXC_CONFIG_FILE" >>%s
            """;

    private static Cmd jlxc(Lxcpath lxc, String tool, String... args) {
        List<String> argv = new ArrayList<>(List.of(tool, "-P", lxc.path(), "-n", NAME));
        argv.addAll(List.of(args));
        return Cmd.jlxc(argv.toArray(String[]::new));
    }

    private static void create(Lxcpath lxc) throws Exception {
        Path net = lxc.dir.resolve("net.conf");
        Files.writeString(net, "lxc.net.0.type = empty\n");
        Cmd.jlxc("create", "-P", lxc.path(), "-n", NAME, "-t", "busybox", "-f", net.toString()).assertOk();
    }

    private static Path config(Lxcpath lxc) {
        return lxc.dir.resolve(NAME).resolve("config");
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
            assertThat(r.out()).matches("args=hk lxc start name=hk pid=\\d+\\n");
            String rootfs = rootfs(lxc).toString();
            List<String> m = markLines(lxc);
            List<String> want = new ArrayList<>();
            for (String type : List.of("pre-start", "pre-mount", "mount", "autodev", "start-host", "stop", "post-stop")) {
                String target = type.endsWith("stop") ? "stop" : "";
                want.add("args=hk lxc " + type + " type= name=hk rootfs=" + rootfs + " target=" + target
                        + " cfg=" + config(lxc));
            }
            assertThat(m).containsExactlyElementsOf(want);
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
            String rootfs = rootfs(lxc).toString();
            assertThat(markLines(lxc)).containsExactly(
                    "args= type=pre-start name=hk rootfs=" + rootfs + " target= cfg=" + config(lxc),
                    "args= type=mount name=hk rootfs=" + rootfs + " target= cfg=" + config(lxc),
                    "args= type=start-host name=hk rootfs=" + rootfs + " target= cfg=" + config(lxc));
            jlxc(lxc, "stop").assertOk();
            // lxc-stop returns once STOPPED, which is after the post-stop work.
            assertThat(markLines(lxc)).hasSize(4).last()
                    .isEqualTo("args= type=post-stop name=hk rootfs=" + rootfs + " target=stop cfg=" + config(lxc));
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

    /** Leftover checks for one container only (other tests may run containers at the same time). */
    static final class Leftovers {
        static void assertNothingLeft(Lxcpath lxc, String name) throws Exception {
            assertThat(FirstContainerIT.cgroupLeft(name)).as("cgroup lxc.payload." + name + " left").isFalse();
            Path dir = org.jlxc.runtime.RuntimeDir.of(lxc.dir, name).dir();
            for (String f : List.of("command", "container", "config", "hooks")) {
                assertThat(dir.resolve(f)).as("runtime file left").doesNotExist();
            }
        }
    }
}
