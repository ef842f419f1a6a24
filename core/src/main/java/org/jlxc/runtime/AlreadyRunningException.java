package org.jlxc.runtime;

/** Another monitor owns the container: it runs (or is being started) already. */
public final class AlreadyRunningException extends StartException {
    public AlreadyRunningException() {
        super("Container is already running.");
    }
}
