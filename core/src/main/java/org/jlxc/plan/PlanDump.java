package org.jlxc.plan;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The canonical text form of a plan ("Canonical dump" in native/PLAN.md), the same text
 * `jlxc-shim dump-plan` prints: what the round-trip test compares, and a readable plan.
 */
public final class PlanDump {
    private PlanDump() {}

    public static String dump(Plan plan) {
        StringBuilder b = new StringBuilder();
        for (Step step : plan.steps()) {
            b.append(line(step.op())).append(" optional=").append(step.optional() ? 1 : 0).append('\n');
        }
        return b.toString();
    }

    private static String line(Op op) {
        return switch (op) {
            case Op.Namespaces o -> "NAMESPACES clone_flags=" + hex64(o.cloneFlags());
            case Op.ShareNs o -> "SHARE_NS nstype=" + hex32(o.nstype()) + " path=" + str(o.path());
            case Op.Console o -> "CONSOLE mode=" + o.mode();
            case Op.Mount o -> "MOUNT source=" + str(o.source()) + " target=" + str(o.target()) + " fstype="
                    + str(o.fstype()) + " flags=" + hex64(o.flags()) + " data=" + str(o.data())
                    + " resolve=" + dec(o.resolve());
            case Op.Mkdir o -> "MKDIR path=" + str(o.path()) + " mode=" + oct(o.mode()) + " resolve=" + dec(o.resolve());
            case Op.Mknod o -> "MKNOD path=" + str(o.path()) + " mode=" + oct(o.mode()) + " dev=" + hex64(o.dev())
                    + " resolve=" + dec(o.resolve());
            case Op.Symlink o -> "SYMLINK target=" + str(o.target()) + " path=" + str(o.path())
                    + " resolve=" + dec(o.resolve());
            case Op.CreateFile o -> "CREATE_FILE path=" + str(o.path()) + " mode=" + oct(o.mode())
                    + " resolve=" + dec(o.resolve());
            case Op.Rootfs o -> "ROOTFS path=" + str(o.path());
            case Op.PivotRoot o -> "PIVOT_ROOT";
            case Op.SetHostname o -> "SETHOSTNAME name=" + str(o.name());
            case Op.Personality o -> "PERSONALITY persona=" + hex64(o.persona());
            case Op.NoNewPrivs o -> "NO_NEW_PRIVS";
            case Op.Keyring o -> "KEYRING";
            case Op.Pdeathsig o -> "PDEATHSIG signal=" + dec(o.signal());
            case Op.Timens o -> "TIMENS boot_sec=" + Long.toUnsignedString(o.bootSec()) + " boot_nsec="
                    + dec(o.bootNsec()) + " mono_sec=" + Long.toUnsignedString(o.monoSec()) + " mono_nsec=" + dec(o.monoNsec());
            case Op.UsernsRoot o -> "USERNS_ROOT";
            case Op.ConsoleOwner o -> "CONSOLE_OWNER uid=" + dec(o.uid()) + " gid=" + dec(o.gid());
            case Op.CapBoundDrop o -> "CAP_BOUND_DROP mask=" + hex64(o.mask());
            case Op.SetRlimit o -> "SETRLIMIT resource=" + dec(o.resource()) + " soft=" + Long.toUnsignedString(o.soft())
                    + " hard=" + Long.toUnsignedString(o.hard());
            case Op.Ids o -> "IDS uid=" + dec(o.uid()) + " gid=" + dec(o.gid()) + " groups="
                    + o.groups().stream().map(PlanDump::dec).collect(Collectors.joining(",", "[", "]"));
            case Op.Chdir o -> "CHDIR path=" + str(o.path());
            case Op.Env o -> "ENV entries=" + strv(o.entries());
            case Op.Exec o -> "EXEC argv=" + strv(o.argv());
            case Op.ExecInit o -> "EXEC_INIT argv=" + strv(o.argv());
            case Op.ConsoleMount o -> "CONSOLE_MOUNT target=" + str(o.target()) + " resolve=" + dec(o.resolve());
            case Op.WriteFile o -> "WRITE_FILE path=" + str(o.path()) + " content=" + str(o.content())
                    + " resolve=" + dec(o.resolve());
            case Op.Umount o -> "UMOUNT target=" + str(o.target()) + " flags=" + hex32(o.flags())
                    + " resolve=" + dec(o.resolve());
            case Op.Unshare o -> "UNSHARE flags=" + hex64(o.flags());
            case Op.Ttys o -> "TTYS count=" + dec(o.count());
            case Op.TtyMount o -> "TTY_MOUNT index=" + dec(o.index()) + " target=" + str(o.target())
                    + " resolve=" + dec(o.resolve());
            case Op.OnExit o -> "ON_EXIT argv=" + strv(o.argv());
            case Op.ConsoleLog o -> "CONSOLE_LOG path=" + str(o.path());
            case Op.Hook o -> "HOOK argv=" + strv(o.argv()) + " env=" + strv(o.env());
            case Op.StartHost o -> "START_HOST";
            case Op.KeepNs o -> "KEEP_NS flags=" + hex64(o.flags());
            case Op.ConsolePeer o -> "CONSOLE_PEER path=" + str(o.path());
            case Op.ConsoleLogSize o -> "CONSOLE_LOG_SIZE size=" + Long.toUnsignedString(o.size())
                    + " rotate=" + (o.rotate() ? 1 : 0);
            case Op.ConsoleBuffer o -> "CONSOLE_BUFFER size=" + Long.toUnsignedString(o.size());
            case Op.LeaveCgroup o -> "LEAVE_CGROUP procs=" + strv(o.procs()) + " rmdirs=" + strv(o.rmdirs());
            case Op.Seccomp o -> "SECCOMP flags=" + hex32(o.flags()) + " program=" + java.util.HexFormat.of().formatHex(o.program());
            case Op.Cleanup o -> "CLEANUP unless_signal=" + dec(o.unlessSignal()) + " rmdirs=" + strv(o.rmdirs())
                    + " unlinks=" + strv(o.unlinks()) + " kill_files=" + strv(o.killFiles())
                    + " freezer=" + str(o.freezer());
        };
    }

    private static String hex64(long v) {
        return String.format("0x%016x", v);
    }

    private static String hex32(int v) {
        return String.format("0x%08x", v);
    }

    private static String oct(int v) {
        return "0" + Integer.toOctalString(v);
    }

    private static String dec(int v) {
        return Integer.toUnsignedString(v);
    }

    private static String strv(List<String> list) {
        return list.stream().map(PlanDump::str).collect(Collectors.joining(",", "[", "]"));
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (byte x : (s == null ? "" : s).getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c == '"' || c == '\\') b.append('\\').append((char) c);
            else if (c >= 0x20 && c <= 0x7e) b.append((char) c);
            else b.append(String.format("\\x%02x", c));
        }
        return b.append('"').toString();
    }
}
