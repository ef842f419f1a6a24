package org.jlxc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelpTest {
    private static final Tool TOOL = new Tool() {
        @Override public String name() { return "ls"; }
        @Override public String summary() { return "list containers"; }
        @Override public String description() { return "lxc-ls [--filter=REGEX]\n\nlxc-ls lists containers\n"; }
        @Override public boolean needsName() { return false; }
        @Override public int run(Invocation inv) { return 0; }

        @Override
        public List<Option> options() {
            return List.of(
                    Option.flag('1', "line", "One per line"),
                    new Option((char) 0, "nesting", Option.Arg.OPTIONAL, "NUM", "Recurse NUM levels\n(default 5)"),
                    Option.withArg('F', "fancy-format-with-a-very-long-name", "COLUMNS", "Columns"));
        }
    };

    private static final String HELP = Help.tool(TOOL, CommonOptions.merge(TOOL.options()));

    @Test
    void optionsAreAlignedAndContinuationLinesIndented() {
        assertThat(HELP).contains("""
                Options :
                  -1, --line                      One per line
                      --nesting[=NUM]             Recurse NUM levels
                                                  (default 5)
                  -F, --fancy-format-with-a-very-long-name=COLUMNS
                                                  Columns
                """);
    }

    @Test
    void commonOptionsFollowTheToolsOwn() {
        assertThat(HELP).startsWith("Usage: lxc-ls [--filter=REGEX]\n\nlxc-ls lists containers\n\nOptions :\n");
        assertThat(HELP.indexOf("Common options :")).isGreaterThan(HELP.indexOf("--nesting"));
        assertThat(HELP).contains("  -q, --quiet ");
    }

    @Test
    void usageWrapsBeforeEightyColumns() {
        String usage = Help.usage(TOOL, CommonOptions.merge(TOOL.options()));
        assertThat(usage).startsWith("Usage: lxc-ls [-1|--line] [--nesting[=NUM]]");
        for (String line : usage.split("\n")) assertThat(line.length()).as(line).isLessThanOrEqualTo(79);
        assertThat(usage.lines().skip(1)).allMatch(l -> l.startsWith("       ["));
    }
}
