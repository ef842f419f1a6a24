package org.jlxc.linux;

/**
 * A failed system call: which call, on what (a path, a pid, ...), and the errno.
 * The one exception type of the Linux layer; callers translate it at the API boundary
 * into a message that names the config line or the user's argument behind the call.
 */
public final class ErrnoException extends Exception {
    private final String call;
    private final String object;
    private final int errno;

    public ErrnoException(String call, String object, int errno) {
        super(null, null, false, false); // cheap: thrown on expected paths (probes, EEXIST, ...)
        this.call = call;
        this.object = object;
        this.errno = errno;
    }

    public String call() { return call; }

    public String object() { return object; }

    public int errno() { return errno; }

    /** E.g. "ENOENT". */
    public String errnoName() { return Errno.name(errno); }

    @Override
    public String getMessage() {
        String on = object == null ? "" : "(" + object + ")";
        return call + on + ": " + Errno.describe(errno);
    }
}
