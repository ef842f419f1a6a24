package org.jlxc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.jlxc.log.Log;
import org.junit.jupiter.api.Test;

class MainTest {
    private final Captured io = new Captured();

    private int run(String... args) {
        return Main.run(args, io.out, io.err);
    }

    @Test
    void noArgumentsIsHelpOnStderrAndFailure() {
        assertThat(run()).isEqualTo(1);
        assertThat(io.out()).isEmpty();
        assertThat(io.err()).startsWith("Usage: jlxc TOOL").contains("  config ");
    }

    @Test
    void helpListsEveryToolAndTheLxcNames() {
        for (String flag : new String[] {"--help", "-h"}) {
            Captured c = new Captured();
            assertThat(Main.run(new String[] {flag}, c.out, c.err)).isEqualTo(0);
            assertThat(c.err()).isEmpty();
            for (Tool t : Tools.all()) assertThat(c.out()).contains("  " + t.name() + " ").contains(t.summary());
            assertThat(c.out()).contains("lxc-TOOL").doesNotContain(Train.COMMAND);
        }
    }

    @Test
    void versionIsOneLine() {
        assertThat(run("--version")).isEqualTo(0);
        assertThat(io.out()).isEqualTo(Version.FALLBACK + "\n");
    }

    @Test
    void unknownToolIsAClearError() {
        assertThat(run("frobnicate", "-n", "c1")).isEqualTo(1);
        assertThat(io.out()).isEmpty();
        assertThat(io.err()).isEqualTo("jlxc: unknown tool 'frobnicate'\nTry 'jlxc --help' for the list of tools.\n");
    }

    @Test
    void unknownTopLevelOption() {
        assertThat(run("--frob")).isEqualTo(1);
        assertThat(io.err()).startsWith("jlxc: unrecognized option '--frob'\n");
    }

    @Test
    void toolHelpGoesToStdout() {
        assertThat(run("config", "--help")).isEqualTo(0);
        assertThat(io.err()).isEmpty();
        assertThat(io.out())
                .startsWith("Usage: lxc-config -l | ITEM...\n\n")
                .contains("\nOptions :\n  -l, --list ")
                .contains("\nCommon options :\n  -n, --name=NAME ")
                .contains("      --logpriority=LEVEL ") // lxc-config's -l is --list
                .contains("  -P, --lxcpath=PATH ")
                .contains("      --rcfile=FILE ")
                .contains("  -h, --help ")
                .contains("      --usage ")
                .contains("      --version ")
                .endsWith("See the lxc-config man page for further information.\n");
    }

    @Test
    void toolUsageAndVersion() {
        assertThat(run("config", "--usage")).isEqualTo(0);
        assertThat(io.out()).startsWith("Usage: lxc-config [-l|--list] [-n|--name=NAME]").contains("[--usage]");
        Captured c = new Captured();
        assertThat(Main.run(new String[] {"config", "--version"}, c.out, c.err)).isEqualTo(0);
        assertThat(c.out()).isEqualTo(Version.FALLBACK + "\n");
    }

    @Test
    void unknownToolOptionPointsToHelp() {
        assertThat(run("config", "--foo")).isEqualTo(1);
        assertThat(io.out()).isEmpty();
        assertThat(io.err()).isEqualTo("lxc-config: unrecognized option '--foo'\n"
                + "Try 'lxc-config --help' for more information.\n");
    }

    @Test
    void trainingIsSilentAndLeavesLoggingAsItWas() {
        assertThat(run(Train.COMMAND)).isEqualTo(0);
        assertThat(io.out()).isEmpty();
        assertThat(io.err()).isEmpty();
        assertThat(Log.program()).isEqualTo("jlxc");
    }
}
