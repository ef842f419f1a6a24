package org.jlxc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The FFM layer: results, errno capture and the messages built from it. */
class LinuxTest {

    @Test
    void identityCallsAgreeWithProc() {
        assertThat(Linux.getpid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(Linux.geteuid()).isEqualTo(ProcSelf.effectiveUid());
    }

    @Test
    void aFailedCallCarriesTheCallTheObjectAndTheErrno() {
        assertThatThrownBy(() -> Linux.mount("none", "/nonexistent/jlxc-test", "tmpfs", 0, null))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.call()).isEqualTo("mount");
                    assertThat(e.object()).isEqualTo("/nonexistent/jlxc-test");
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(e.getMessage())
                            .isEqualTo("mount(/nonexistent/jlxc-test): ENOENT (No such file or directory)");
                });
    }

    @Test
    void killOfAProcessThatDoesNotExistIsEsrch() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        int pid = (int) p.pid();
        assertThat(Linux.processExists(pid)).isFalse();
        assertThatThrownBy(() -> Linux.kill(pid, 0)).hasMessage("kill(" + pid + "): ESRCH (No such process)");
        assertThat(Linux.processExists(Linux.getpid())).isTrue();
    }

    @Test
    void terminalsAreToldByTheirDevice() {
        // Surefire's stdin is a pipe, never a terminal.
        assertThat(ProcSelf.isTerminal(0)).isFalse();
        assertThat(ProcSelf.isTerminal(12345)).isFalse();
    }

    @Test
    void errnoNamesAndMessages() {
        assertThat(Errno.name(Errno.EEXIST)).isEqualTo("EEXIST");
        assertThat(Errno.describe(Errno.EACCES)).isEqualTo("EACCES (Permission denied)");
        assertThat(Errno.name(4000)).isEqualTo("errno 4000");
    }
}
