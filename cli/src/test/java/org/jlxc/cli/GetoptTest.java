package org.jlxc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GetoptTest {
    /** Options shaped like lxc-start's and lxc-attach's, to exercise every argument kind. */
    private static final List<Option> OPTIONS = List.of(
            Option.withArg('n', "name", "NAME", "name"),
            Option.flag('d', "daemon", "daemon"),
            Option.flag('F', "foreground", "foreground"),
            Option.withArg('p', "pidfile", "FILE", "pid file"),
            Option.withArg('s', "define", "KEY=VAL", "define"),
            Option.withArg((char) 0, "share-net", "NAME", "share"),
            Option.withArg((char) 0, "share-ipc", "NAME", "share"),
            new Option('e', "elevated-privileges", Option.Arg.OPTIONAL, "PRIVS", "elevated"),
            new Option((char) 0, "nesting", Option.Arg.OPTIONAL, "NUM", "nesting"),
            Option.flag('q', "quiet", "quiet"));
    private static final Getopt GETOPT = new Getopt(OPTIONS, Getopt.Ordering.PERMUTE);

    /** Command line → "long=value long ... | arguments", or "!error message", under both orderings;
     *  o(...) lines differ: glibc's default (PERMUTE) first, then "+" (REQUIRE_ORDER). */
    static Stream<Arguments> cases() {
        return Stream.of(
                // short options: attached or separate argument, clusters
                c("-nc1", "name=c1 |"),
                c("-n c1", "name=c1 |"),
                c("-dF", "daemon foreground |"),
                c("-dnc1", "daemon name=c1 |"),
                c("-dn c1 -q", "daemon name=c1 quiet |"),
                c("-n -d", "name=-d |"),            // a required argument is taken whatever it is
                c("-s lxc.a=1 -s lxc.b=2", "define=lxc.a=1 define=lxc.b=2 |"),
                // long options: =, separate, prefixes
                c("--name=c1", "name=c1 |"),
                c("--name c1", "name=c1 |"),
                c("--name=", "name= |"),            // an empty attached value is a value
                c("--na c1", "name=c1 |"),
                c("--fore", "foreground |"),
                c("--name=a=b", "name=a=b |"),
                c("--share-net=c2", "share-net=c2 |"),
                c("--share-n c2", "share-net=c2 |"),
                // optional arguments: only attached
                c("--nesting", "nesting=null |"),
                c("--nesting=3", "nesting=3 |"),
                c("--nesting 3", "nesting=null | 3"),
                c("-e", "elevated-privileges=null |"),
                c("-eCAP", "elevated-privileges=CAP |"),
                c("-qeCAP", "quiet elevated-privileges=CAP |"),
                c("-e CAP", "elevated-privileges=null | CAP"),
                // end of options: "--", non-options
                c("-n c1 -- -d x", "name=c1 | -d x"),
                c("-- --", "| --"),
                c("", "|"),
                o("-n c1 /bin/sh -d", "name=c1 daemon | /bin/sh", "name=c1 | /bin/sh -d"),
                o("c1 -d", "daemon | c1", "| c1 -d"),
                o("-d - -F", "daemon foreground | -", "daemon | - -F"),
                o("a -d -- b -F", "daemon | a b -F", "| a -d -- b -F"),
                o("-n c1 ls -l", "!invalid option -- 'l'", "name=c1 | ls -l"),
                o("-d c1 --foo", "!unrecognized option '--foo'", "daemon | c1 --foo"),
                // errors, worded as glibc's
                c("--foo", "!unrecognized option '--foo'"),
                c("--foo=bar", "!unrecognized option '--foo=bar'"),
                c("-x", "!invalid option -- 'x'"),
                c("-dx", "!invalid option -- 'x'"),
                c("-n", "!option requires an argument -- 'n'"),
                c("-dn", "!option requires an argument -- 'n'"),
                c("--name", "!option '--name' requires an argument"),
                c("--na", "!option '--name' requires an argument"),
                c("--daemon=yes", "!option '--daemon' doesn't allow an argument"),
                c("--share c2", "!option '--share' is ambiguous; possibilities: '--share-net' '--share-ipc'"),
                c("--=x", "!option '--=x' is ambiguous; possibilities: '--name' '--daemon' '--foreground' '--pidfile'"
                        + " '--define' '--share-net' '--share-ipc' '--elevated-privileges' '--nesting' '--quiet'"),
                c("--share=x", "!option '--share=x' is ambiguous; possibilities: '--share-net' '--share-ipc'"))
                .flatMap(x -> x);
    }

    private static Stream<Arguments> c(String commandLine, String expected) {
        return o(commandLine, expected, expected);
    }

    private static Stream<Arguments> o(String commandLine, String permute, String requireOrder) {
        return Stream.of(Arguments.of(Getopt.Ordering.PERMUTE, commandLine, permute),
                Arguments.of(Getopt.Ordering.REQUIRE_ORDER, commandLine, requireOrder));
    }

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @MethodSource("cases")
    void parses(Getopt.Ordering ordering, String commandLine, String expected) {
        List<String> args = commandLine.isEmpty() ? List.of() : Arrays.asList(commandLine.split(" "));
        String actual;
        try {
            actual = render(new Getopt(OPTIONS, ordering).parse(args));
        } catch (UsageException e) {
            actual = "!" + e.getMessage();
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static String render(Getopt.Result r) {
        List<String> parts = new ArrayList<>();
        for (Getopt.Occurrence o : r.options()) {
            boolean takesArg = o.option().arg() != Option.Arg.NONE;
            parts.add(takesArg ? o.option().longName() + "=" + o.value() : o.option().longName());
        }
        parts.add("|");
        parts.addAll(r.arguments());
        return String.join(" ", parts);
    }

    @Test
    void resultAnswersByLongName() throws UsageException {
        Getopt.Result r = GETOPT.parse(List.of("-s", "a=1", "x", "--define=b=2", "-q"));
        assertThat(r.has("define")).isTrue();
        assertThat(r.has("daemon")).isFalse();
        assertThat(r.value("define")).isEqualTo("b=2");
        assertThat(r.values("define")).containsExactly("a=1", "b=2");
        assertThat(r.value("name")).isNull();
        assertThat(r.values("quiet")).isEmpty();
        assertThat(r.arguments()).containsExactly("x");
    }

    @Test
    void anExactLongNameWinsOverLongerOnes() throws UsageException {
        Getopt g = new Getopt(List.of(Option.flag('a', "state", ""), Option.flag('b', "states", "")), Getopt.Ordering.PERMUTE);
        assertThat(g.parse(List.of("--state")).options().getFirst().option().shortName()).isEqualTo('a');
        assertThatThrownBy(() -> g.parse(List.of("--sta"))).hasMessageContaining("is ambiguous");
    }

    @Test
    void duplicateOptionsAreABug() {
        assertThatThrownBy(() -> new Getopt(List.of(Option.flag('a', "one", ""), Option.flag('a', "two", "")), Getopt.Ordering.PERMUTE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two options use -a");
        assertThatThrownBy(() -> new Getopt(List.of(Option.flag('a', "one", ""), Option.flag('b', "one", "")), Getopt.Ordering.PERMUTE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two options use --one");
    }

    @Test
    void longOnlyOptionsHaveNoShortForm() {
        Getopt g = new Getopt(List.of(Option.flag((char) 0, "usage", "")), Getopt.Ordering.PERMUTE);
        assertThatThrownBy(() -> g.parse(List.of("-\0"))).hasMessage("invalid option -- '\0'");
    }
}
