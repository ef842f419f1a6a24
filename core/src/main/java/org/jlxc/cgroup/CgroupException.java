package org.jlxc.cgroup;

/** A cgroup could not be created, joined or removed; the message names the path. */
public final class CgroupException extends Exception {
    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
