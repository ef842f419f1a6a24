package org.jlxc.cli;

/** A command-line mistake: printed as "lxc-TOOL: MESSAGE", exit code 1. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
