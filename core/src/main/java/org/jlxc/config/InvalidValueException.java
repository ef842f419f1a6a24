package org.jlxc.config;

/** A value did not parse; the reason is completed with file, line, key and value by the caller. */
final class InvalidValueException extends Exception {
    InvalidValueException(String reason) {
        super(reason, null, false, false);
    }
}
