package org.jlxc.seccomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileParserTest {
    static final String ORIGIN = "lxc.seccomp.profile, /var/lib/lxc/c1/config:7";

    static Profile parse(String text) throws SeccompException {
        return ProfileParser.parse(Path.of("/p"), ORIGIN, text);
    }

    static void fails(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(SeccompException.class)
                .hasMessage(message + " (" + ORIGIN + ")");
    }

    @Test
    void lxcsCommonProfile() throws Exception {
        Profile p = ProfileParser.read(Path.of("/usr/share/lxc/config/common.seccomp"), ORIGIN);
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.defaultAction()).isEqualTo(Action.ALLOW);
        assertThat(p.rules()).extracting(Rule::name).containsExactly("umount2", "kexec_load", "open_by_handle_at",
                "init_module", "finit_module", "delete_module");
        assertThat(p.rules().getFirst().action()).isEqualTo(Action.errno(13));
        assertThat(p.rules().getFirst().args()).containsExactly(
                new ArgCondition(1, 1, ArgCondition.Compare.MASKED_EQ, 1));
        assertThat(p.rules().get(1).action()).isEqualTo(Action.errno(1));
        assertThat(p.rules().get(1).line()).isEqualTo(5);
    }

    @Test
    void policiesAndTheirDefaults() throws Exception {
        assertThat(parse("2\ndenylist\nmkdir\n").rules().getFirst().action()).isEqualTo(Action.KILL);
        assertThat(parse("2\nblacklist\nmkdir\n").defaultAction()).isEqualTo(Action.ALLOW);
        assertThat(parse("2\nallowlist\nmkdir\n").rules().getFirst().action()).isEqualTo(Action.ALLOW);
        assertThat(parse("2\nwhitelist\nmkdir\n").defaultAction()).isEqualTo(Action.KILL);
        assertThat(parse("2\nallowlist errno 1\nmkdir\n").defaultAction()).isEqualTo(Action.errno(1));
        assertThat(parse("2\ndenylist trap\nmkdir\n").defaultAction()).isEqualTo(Action.TRAP);
        // the version may be followed by blank lines (fscanf "%d\n"); so may the file end
        assertThat(parse("2\n\n\ndenylist\n").rules()).isEmpty();
    }

    @Test
    void commentsBlankLinesSectionsAndUnknownNames() throws Exception {
        Profile p = parse("""
                2
                denylist
                # a comment
                mkdir errno 1 # why

                [x86_64]
                rmdir errno 2
                [arm64]
                chmod errno 3
                [x86]
                no_such_call errno 4
                socketcall errno 5
                [all]
                chown   # default action
                """);
        assertThat(p.rules()).extracting(Rule::name).containsExactly("mkdir", "rmdir", "socketcall", "chown");
        assertThat(p.rules()).extracting(Rule::action).containsExactly(Action.errno(1), Action.errno(2),
                Action.errno(5), Action.KILL);
        assertThat(p.rules()).extracting(Rule::line).containsExactly(4, 7, 12, 14);
    }

    @Test
    void argumentConditions() throws Exception {
        List<ArgCondition> args = parse("2\ndenylist\nmount errno 1 [0,0x10,SCMP_CMP_NE] [5,010,>=][2,3,&=,0xf]\n")
                .rules().getFirst().args();
        assertThat(args).containsExactly(new ArgCondition(0, 16, ArgCondition.Compare.NE, 0),
                new ArgCondition(5, 8, ArgCondition.Compare.GE, 0),
                new ArgCondition(2, 3, ArgCondition.Compare.MASKED_EQ, 15));
        assertThat(parse("2\ndenylist\nmount errno 1 [1,18446744073709551615,<=]\n").rules().getFirst().args().getFirst().value())
                .isEqualTo(-1L);
    }

    @Test
    void version1() throws Exception {
        Profile p = parse("1\nallowlist\n0\n  1\n60 # exit\n");
        assertThat(p.rules()).extracting(Rule::number).containsExactly(0, 1, 60);
        assertThat(p.defaultAction()).isEqualTo(Action.KILL);
        fails("1\ndenylist\n0\n", "/p:2: only an allowlist policy is supported in version 1");
        fails("1\nallowlist\n0\nread\n", "/p:4: a version 1 profile has one system call number per line: \"read\"");
        fails("1\nallowlist\n0\n\n", "/p:4: a version 1 profile has one system call number per line: \"\"");
    }

    @Test
    void errorsNameTheFileAndLine() {
        fails("3\ndenylist\n", "/p:1: invalid version (the first line must be 1 or 2)");
        fails("", "/p:1: invalid version (the first line must be 1 or 2)");
        fails("2\n", "/p:2: no policy line (allowlist or denylist) after the version");
        fails("2\ngraylist\n", "/p:2: bad seccomp policy style \"graylist\" (allowlist or denylist)");
        fails("2\ndenylist debug\n", "/p:2: debug is not implemented (as in LXC)");
        fails("2\ndenylist frob\n", "/p:2: unrecognized seccomp action \"frob\" (kill, errno N, allow, trap)");
        fails("2\ndenylist\nmkdir\nrmdir log\n", "/p:4: unrecognized seccomp action \"log\" (kill, errno N, allow, trap)");
        fails("2\ndenylist\nmkdir trace 1\n", "/p:3: unrecognized seccomp action \"trace 1\" (kill, errno N, allow, trap)");
        fails("2\ndenylist\nmkdir errno\n", "/p:3: errno without a number: \"errno\"");
        fails("2\ndenylist\nmkdir notify\n", "/p:3: not supported yet: the seccomp action notify");
        fails("2\ndenylist\n[amd64]\n", "/p:3: unsupported architecture \"[amd64]\"");
        fails("2\ndenylist\nmkdir errno 1 [6,1,==]\n", "/p:3: argument index 6 is not 0 to 5");
        fails("2\ndenylist\nmkdir errno 1 [1,1,=~]\n", "/p:3: unknown comparison \"=~\" (SCMP_CMP_NE|LT|LE|EQ|GE|GT|MASKED_EQ or "
                + "!=, <, <=, ==, >=, >, &=)");
        fails("2\ndenylist\nmkdir errno 1 [1,x,==]\n", "/p:3: invalid argument value \"x\"");
        fails("2\ndenylist\nmkdir errno 1 [1,-1,==]\n", "/p:3: invalid argument value \"-1\"");
        fails("2\ndenylist\nmkdir errno 1 [1,2]\n", "/p:3: bad argument condition \"[1,2]\" ([index,value,OP] or "
                + "[index,value,SCMP_CMP_MASKED_EQ,mask])");
        // LXC splits at ']' and wants a '[' in every piece: text after the conditions is an error
        fails("2\ndenylist\nmkdir errno 1 [1,2,==] # no\n", "/p:3: text outside the argument conditions: \" # no\"");
        // libseccomp refuses a rule whose action is the default one
        fails("2\ndenylist\nmkdir allow\n", "/p:3: the action of mkdir (allow) is the profile's default action");
        // a leading space makes the name empty and the rest an action (LXC's strchr(' '))
        fails("2\ndenylist\n mkdir\n", "/p:3: unrecognized seccomp action \"mkdir\" (kill, errno N, allow, trap)");
    }

    @Test
    void aMissingFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ProfileParser.read(dir.resolve("none"), ORIGIN))
                .hasMessageStartingWith("cannot read the seccomp profile " + dir.resolve("none"))
                .hasMessageEndingWith("(" + ORIGIN + ")");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("p"), "2\ndenylist\nmkdir errno 1\n");
        assertThat(ProfileParser.read(f, ORIGIN).file()).isEqualTo(f);
    }
}
