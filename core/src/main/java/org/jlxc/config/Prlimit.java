package org.jlxc.config;

/** One {@code lxc.prlimit.RESOURCE} value; {@link #UNLIMITED} is RLIM_INFINITY. */
public record Prlimit(long soft, long hard) {
    public static final long UNLIMITED = -1;

    @Override
    public String toString() {
        return soft == hard ? text(soft) : text(soft) + ":" + text(hard);
    }

    private static String text(long v) {
        return v == UNLIMITED ? "unlimited" : Long.toString(v);
    }
}
