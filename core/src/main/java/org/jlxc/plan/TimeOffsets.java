package org.jlxc.plan;

/**
 * lxc.time.offset.boot / .monotonic ("-10s", "2h", "500ms") as timens_offsets wants them:
 * seconds and nanoseconds in [0, 1e9). LXC writes a sub-second unit as nanoseconds alone, which
 * the kernel refuses from one second up or below zero; jlxc carries them into seconds instead.
 */
public record TimeOffsets(long seconds, int nanoseconds) {
    static final TimeOffsets ZERO = new TimeOffsets(0, 0);

    /** @param value as the config checked it (an optional minus, digits, one of h m s ms us ns), or null */
    public static TimeOffsets parse(String value) {
        if (value == null) return ZERO;
        int unitAt = value.length();
        while (unitAt > 0 && Character.isLetter(value.charAt(unitAt - 1))) unitAt--;
        long n = Long.parseLong(value.substring(0, unitAt));
        String unit = value.substring(unitAt);
        long nanos = switch (unit) {
            case "h" -> Math.multiplyExact(n, 3600_000_000_000L);
            case "m" -> Math.multiplyExact(n, 60_000_000_000L);
            case "s" -> Math.multiplyExact(n, 1_000_000_000L);
            case "ms" -> Math.multiplyExact(n, 1_000_000L);
            case "us" -> Math.multiplyExact(n, 1_000L);
            case "ns" -> n;
            default -> throw new IllegalArgumentException("not a time unit: " + unit);
        };
        return new TimeOffsets(Math.floorDiv(nanos, 1_000_000_000L), (int) Math.floorMod(nanos, 1_000_000_000L));
    }
}
