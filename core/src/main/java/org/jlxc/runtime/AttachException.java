package org.jlxc.runtime;

/** An attach could not begin (the container does not run, a bad request); the message says why. */
public class AttachException extends Exception {
    public AttachException(String message) {
        super(message);
    }

    public AttachException(String message, Throwable cause) {
        super(message, cause);
    }
}
