package org.jlxc.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.jlxc.cli.UsageException;
import org.jlxc.runtime.AttachRequest;
import org.jlxc.runtime.AttachRequest.Privilege;
import org.junit.jupiter.api.Test;

class AttachToolTest {
    private static FakeInvocation inv() {
        return new FakeInvocation("lxc-attach", "c1", Path.of("/var/lib/lxc"));
    }

    @Test
    void plainAttachJoinsEverythingKeepsNothing() throws Exception {
        AttachRequest r = AttachTool.request(inv().args("/bin/hostname", "-s"));
        assertThat(r.namespaces()).isNull();
        assertThat(r.elevated()).isEmpty();
        assertThat(r.command()).containsExactly("/bin/hostname", "-s");
        assertThat(r.uid()).isNull();
        assertThat(r.clearEnv()).isFalse();
    }

    @Test
    void namespacesImplyEveryPrivilegeElevated() throws Exception {
        AttachRequest r = AttachTool.request(inv().with("namespaces", "NETWORK|UTSNAME").with("elevated-privileges", "CAP"));
        assertThat(r.namespaces()).containsExactlyInAnyOrder("net", "uts");
        assertThat(r.elevated()).containsExactlyInAnyOrder(Privilege.values());
        assertThat(AttachTool.request(inv().with("elevated-privileges", null)).elevated()).containsExactlyInAnyOrder(Privilege.values());
        assertThat(AttachTool.request(inv().with("elevated-privileges", "CGROUP")).elevated()).containsExactly(Privilege.CGROUP);
    }

    @Test
    void idsAndEnvironmentOptions() throws Exception {
        AttachRequest r = AttachTool.request(inv().with("uid", "1000").with("gid", "4294967294").flag("clear-env")
                .with("keep-var", "TERM").with("set-var", "FOO=bar").with("set-var", "X=1").flag("remount-sys-proc"));
        assertThat(r.uid()).isEqualTo(1000);
        assertThat(Integer.toUnsignedString(r.gid())).isEqualTo("4294967294");
        assertThat(r.clearEnv()).isTrue();
        assertThat(r.keepVars()).containsExactly("TERM");
        assertThat(r.setVars()).containsExactly("FOO=bar", "X=1");
        assertThat(r.remountSysProc()).isTrue();
    }

    @Test
    void mistakesAreNamed() throws Exception {
        assertThatThrownBy(() -> AttachTool.request(inv().with("namespaces", "NETWORK|FOO")))
                .isInstanceOf(UsageException.class).hasMessage("Invalid namespace name \"FOO\"");
        assertThatThrownBy(() -> AttachTool.request(inv().with("elevated-privileges", "ALL")))
                .isInstanceOf(UsageException.class).hasMessage("Invalid elevated privilege \"ALL\" requested");
        for (String bad : List.of("abc", "-1", "+5", "4294967295", "")) {
            assertThatThrownBy(() -> AttachTool.request(inv().with("uid", bad)))
                    .as(bad).isInstanceOf(UsageException.class).hasMessageContaining("invalid uid \"" + bad + "\"");
        }
        assertThatThrownBy(() -> AttachTool.request(inv().with("gid", "root"))).hasMessageContaining("invalid gid");
        assertThatThrownBy(() -> AttachTool.request(inv().flag("clear-env").flag("keep-env"))).hasMessageContaining("exclude");
        assertThatThrownBy(() -> AttachTool.request(inv().with("arch", "x86"))).hasMessage("--arch is not supported yet");
        assertThat(AttachTool.request(inv().with("pty-log", "/tmp/x")).ptyLog()).isEqualTo("/tmp/x");
    }
}
