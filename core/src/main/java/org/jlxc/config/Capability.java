package org.jlxc.config;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Linux capability names (without {@code CAP_}, lower case, as in {@code lxc.cap.drop}) and numbers
 * from {@code linux/capability.h}. The first 37 are the 1.0.7 set; 5.x knows up to checkpoint_restore.
 */
public final class Capability {
    private static final List<String> NAMES = List.of(
            "chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid",
            "setpcap", "linux_immutable", "net_bind_service", "net_broadcast", "net_admin", "net_raw",
            "ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
            "sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time", "sys_tty_config", "mknod",
            "lease", "audit_write", "audit_control", "setfcap", "mac_override", "mac_admin", "syslog",
            "wake_alarm", "block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore");

    /** Highest capability number this table knows (CAP_LAST_CAP of Linux 5.9+). */
    public static final int LAST = NAMES.size() - 1;

    private Capability() {
    }

    /**
     * The number for a name ({@code sys_admin}, also {@code CAP_SYS_ADMIN}) or a decimal number
     * up to {@link #LAST}; empty when it is neither.
     */
    public static OptionalInt parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("cap_")) {
            s = s.substring(4);
        }
        int i = NAMES.indexOf(s);
        if (i >= 0) {
            return OptionalInt.of(i);
        }
        if (!s.isEmpty() && s.length() < 4 && s.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(s);
            return n <= LAST ? OptionalInt.of(n) : OptionalInt.empty();
        }
        return OptionalInt.empty();
    }

    /** The name for a number, e.g. {@code sys_admin}. */
    public static String name(int cap) {
        return NAMES.get(cap);
    }
}
