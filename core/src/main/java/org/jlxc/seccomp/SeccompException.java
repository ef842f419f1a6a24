package org.jlxc.seccomp;

/** A profile that cannot be read or is not valid; the message names the file and line. */
public final class SeccompException extends Exception {
    public SeccompException(String message) {
        super(message);
    }
}
