package org.jlxc.store;

/** A container could not be created, found or destroyed; the message is meant for the user as is. */
public class StoreException extends Exception {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
