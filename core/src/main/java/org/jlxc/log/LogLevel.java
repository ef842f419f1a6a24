package org.jlxc.log;

import java.util.Locale;

/** LXC's log priorities, lowest first (the names `-l` accepts and log lines show). */
public enum LogLevel {
    TRACE, DEBUG, INFO, NOTICE, WARN, ERROR, CRIT, ALERT, FATAL;

    /** Parses a `-l` value, case-insensitively as LXC does.
     *  @throws IllegalArgumentException naming the accepted values */
    public static LogLevel parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid log priority '" + text
                    + "' (one of TRACE DEBUG INFO NOTICE WARN ERROR CRIT ALERT FATAL)");
        }
    }

    /**
     * A `-l` value as LXC's tools take it: an unknown name is accepted silently and logs as
     * ERROR (LXC maps it to NOTSET, which defers to its root category's ERROR).
     */
    public static LogLevel parseOrError(String text) {
        for (LogLevel l : values()) {
            if (l.name().equalsIgnoreCase(text)) return l;
        }
        return ERROR;
    }

    /** The LXC priority of a System.Logger level; OFF maps to null (never logged). */
    public static LogLevel of(System.Logger.Level level) {
        return switch (level) {
            case ALL, TRACE -> TRACE;
            case DEBUG -> DEBUG;
            case INFO -> INFO;
            case WARNING -> WARN;
            case ERROR -> ERROR;
            case OFF -> null;
        };
    }

    public boolean atLeast(LogLevel other) {
        return compareTo(other) >= 0;
    }
}
