package org.jlxc.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Linux signal names and numbers as LXC reads them in {@code lxc.signal.*}: a number, {@code SIGNAME},
 * {@code SIGRTMIN+n} or {@code SIGRTMAX-n}, case-insensitive. Names without the {@code SIG} prefix
 * ({@code PWR}, {@code RTMIN+3}) are accepted too, as a convenience LXC 5.0.2 itself does not offer.
 * SIGRTMIN is glibc's 34 (the kernel's 32 and 33 are taken by the C library), SIGRTMAX is 64.
 */
public final class Signals {
    public static final int SIGINT = 2, SIGKILL = 9, SIGTERM = 15, SIGPWR = 30;
    public static final int SIGRTMIN = 34;
    public static final int SIGRTMAX = 64;

    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
            Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CLD", 17), Map.entry("CONT", 18),
            Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22),
            Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26),
            Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29),
            Map.entry("PWR", 30), Map.entry("SYS", 31));

    /** Preferred name for each number 1..31 (aliases such as IOT, CLD, POLL are not preferred). */
    private static final String[] BY_NUMBER = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS",
            "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP",
            "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};

    private Signals() {
    }

    /**
     * The halt signal lxc-stop sends: lxc.signal.halt if set; else SIGRTMIN+3 when init blocks it
     * (systemd does, and halts on it), as LXC's shutdown detects; else SIGPWR.
     *
     * @param configured lxc.signal.halt, or null
     * @param initStatus the text of /proc/INIT/status, or null when it cannot be read
     */
    public static int haltSignal(Integer configured, String initStatus) {
        if (configured != null) return configured;
        return initStatus != null && blocks(initStatus, SIGRTMIN + 3) ? SIGRTMIN + 3 : SIGPWR;
    }

    /** Whether the `SigBlk:` mask of a /proc/PID/status text has signal's bit (signal - 1). */
    static boolean blocks(String procStatus, int signal) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("SigBlk:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigBlk:".length()).strip(), 16);
                return (mask >>> (signal - 1) & 1) != 0;
            }
        }
        return false;
    }

    /** The signal number for {@code text}, or empty when it is not a signal (0 is accepted: "no signal"). */
    public static Optional<Integer> parse(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            return number(s).filter(n -> n <= SIGRTMAX);
        }
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        if (s.startsWith("RTMIN") || s.startsWith("RTMAX")) {
            return realtime(s);
        }
        return Optional.ofNullable(NAMES.get(s));
    }

    private static Optional<Integer> realtime(String s) {
        boolean min = s.startsWith("RTMIN");
        String rest = s.substring(5);
        if (rest.isEmpty()) {
            return Optional.of(min ? SIGRTMIN : SIGRTMAX);
        }
        if (rest.charAt(0) != (min ? '+' : '-')) {
            return Optional.empty();
        }
        return number(rest.substring(1))
                .map(n -> min ? SIGRTMIN + n : SIGRTMAX - n)
                .filter(n -> n >= SIGRTMIN && n <= SIGRTMAX);
    }

    private static Optional<Integer> number(String s) {
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(s));
    }

    /** {@code SIGPWR}, {@code SIGRTMIN+3}, or the number for anything else. */
    public static String name(int signal) {
        if (signal > 0 && signal < BY_NUMBER.length) {
            return "SIG" + BY_NUMBER[signal];
        }
        if (signal >= SIGRTMIN && signal <= SIGRTMAX) {
            return signal == SIGRTMIN ? "SIGRTMIN" : "SIGRTMIN+" + (signal - SIGRTMIN);
        }
        return Integer.toString(signal);
    }
}
