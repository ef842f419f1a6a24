package org.jlxc.log;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/** A {@link System.Logger} writing through {@link Log}; the logger name is the line's category. */
final class JlxcLogger implements System.Logger {
    private final String name;
    private final LogLevel floor;

    /** @param floor the lowest priority this logger passes on, whatever the configured level */
    JlxcLogger(String name, LogLevel floor) {
        this.name = name;
        this.floor = floor;
    }

    private boolean passes(LogLevel l) {
        return l != null && l.atLeast(floor) && Log.isLoggable(l);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return passes(LogLevel.of(level));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        LogLevel l = LogLevel.of(level);
        if (!passes(l)) return;
        String text = msg == null && thrown != null ? String.valueOf(thrown.getMessage()) : msg;
        Log.log(name, l, localize(bundle, text), thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        LogLevel l = LogLevel.of(level);
        if (!passes(l)) return;
        String text = localize(bundle, format);
        // MessageFormat is only loaded when a caller actually passes parameters.
        if (params != null && params.length > 0 && text != null) text = MessageFormat.format(text, params);
        Log.log(name, l, text, null);
    }

    private static String localize(ResourceBundle bundle, String key) {
        if (bundle == null || key == null || !bundle.containsKey(key)) return key;
        return bundle.getString(key);
    }
}
