package org.jlxc.runtime;

/** A container could not be started; the message says what failed and which config line asked for it. */
public class StartException extends Exception {
    public StartException(String message) {
        super(message);
    }

    public StartException(String message, Throwable cause) {
        super(message, cause);
    }
}
