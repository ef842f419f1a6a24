package org.jlxc.log;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The text of one log-file line, in LXC's layout:
 * {@code lxc-start c1 20261129022500.123 ERROR    org.jlxc.runtime.Start - message}.
 * Where LXC writes {@code module - file:func:line}, jlxc writes the logger's name.
 * The time is UTC, as LXC's.
 */
public final class LogLine {
    private LogLine() {}

    public static String format(String program, String container, long epochMillis,
                                LogLevel level, String logger, String message) {
        StringBuilder b = new StringBuilder(96 + message.length());
        b.append(program);
        if (container != null && !container.isEmpty()) b.append(' ').append(container);
        b.append(' ');
        timestamp(b, epochMillis);
        b.append(' ').append(level.name());
        for (int i = level.name().length(); i < 8; i++) b.append(' ');
        b.append(' ').append(logger).append(" - ").append(message);
        return b.toString();
    }

    /** YYYYMMDDhhmmss.mmm; hand-made because DateTimeFormatter costs milliseconds to load. */
    static void timestamp(StringBuilder b, long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        pad(b, t.getYear(), 4);
        pad(b, t.getMonthValue(), 2);
        pad(b, t.getDayOfMonth(), 2);
        pad(b, t.getHour(), 2);
        pad(b, t.getMinute(), 2);
        pad(b, t.getSecond(), 2);
        b.append('.');
        pad(b, (int) Math.floorMod(epochMillis, 1000L), 3);
    }

    private static void pad(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) b.append('0');
        b.append(s);
    }
}
