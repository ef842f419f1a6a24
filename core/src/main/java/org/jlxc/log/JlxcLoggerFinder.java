package org.jlxc.log;

/**
 * Makes {@code System.getLogger(name)} return jlxc's LXC-style loggers (registered in
 * META-INF/services), so no logging framework (not even JUL) is loaded at startup.
 */
public final class JlxcLoggerFinder extends System.LoggerFinder {
    @Override
    public System.Logger getLogger(String name, Module module) {
        return new JlxcLogger(name);
    }
}
