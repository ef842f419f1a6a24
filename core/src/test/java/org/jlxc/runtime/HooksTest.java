package org.jlxc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jlxc.config.ContainerConfig;
import org.jlxc.plan.HookCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host-side runner: order, the first failure, what a failure says, the saved stop hooks. */
class HooksTest {
    @TempDir
    Path dir;

    private List<HookCommand> hooks(String type, String configText) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, configText);
        ContainerConfig c = ContainerConfig.load(file, w -> {});
        return HookCommand.of(c, new HookCommand.Context("c1", file, null), type, List.of(),
                List.of("LXC_TARGET=stop"));
    }

    @Test
    void hooksRunInOrderWithTheirArgumentsAndEnvironmentUntilTheFirstFailure() throws Exception {
        Path out = dir.resolve("out");
        // The value is run as `exec VALUE NAME lxc TYPE`: one command, which gets the arguments.
        List<HookCommand> h = hooks("post-stop", """
                lxc.hook.post-stop = /bin/sh -c 'echo one >>%1$s'
                lxc.hook.post-stop = /bin/sh -c 'echo "$0 $1 $2 $LXC_NAME $LXC_TARGET $LXC_HOOK_VERSION" >>%1$s; exit 3'
                lxc.hook.post-stop = /bin/sh -c 'echo never >>%1$s'
                """.formatted(out));
        assertThatThrownBy(() -> Hooks.run(h))
                .isInstanceOf(Hooks.Failed.class)
                .hasMessageStartingWith("lxc.hook.post-stop (" + dir.resolve("config") + ":2): \"/bin/sh -c")
                .hasMessageEndingWith(" c1 lxc post-stop\" exited with status 3");
        assertThat(Files.readAllLines(out)).containsExactly("one", "c1 lxc post-stop c1 stop 0");
    }

    @Test
    void aHookKilledByASignalFailsAndAfterTheStopItIsOnlyAWarning() throws Exception {
        List<HookCommand> h = hooks("stop", "lxc.hook.stop = kill -9 $$; true\n");
        List<String> warnings = new ArrayList<>();
        Hooks.runAfterStop(h, warnings::add);
        assertThat(warnings).singleElement().asString().startsWith("lxc.hook.stop (").endsWith("was killed by signal 9");
        assertThatThrownBy(() -> Hooks.runForStart(h)).isInstanceOf(StartException.class)
                .hasMessageContaining("lxc.hook.stop (");
    }

    @Test
    void theStopHooksSavedAtTheStartAreReadBackExactly() throws Exception {
        RuntimeDir rt = new RuntimeDir(dir);
        var saved = new Hooks.StopHooks(hooks("stop", "lxc.hook.stop = /a\nlxc.hook.stop = /b 'x y'\n"),
                hooks("post-stop", "lxc.hook.post-stop = /c\n"));
        Hooks.saveStopHooks(rt, saved);
        assertThat(Hooks.loadStopHooks(rt, w -> {})).isEqualTo(saved);
        Hooks.saveStopHooks(rt, new Hooks.StopHooks(List.of(), List.of()));
        assertThat(Hooks.stopFile(rt)).doesNotExist();
        assertThat(Hooks.loadStopHooks(rt, w -> {})).isEqualTo(new Hooks.StopHooks(List.of(), List.of()));
    }
}
