package org.jlxc.log;

/**
 * Makes {@code System.getLogger(name)} return jlxc's LXC-style loggers (registered in
 * META-INF/services), so no logging framework (not even JUL) is loaded at startup. The JDK's
 * own loggers (ProcessBuilder logs every spawn with a stack trace at DEBUG) only pass WARN and up.
 */
public final class JlxcLoggerFinder extends System.LoggerFinder {
    @Override
    public System.Logger getLogger(String name, Module module) {
        return new JlxcLogger(name, name.startsWith("org.jlxc") ? LogLevel.TRACE : LogLevel.WARN);
    }
}
