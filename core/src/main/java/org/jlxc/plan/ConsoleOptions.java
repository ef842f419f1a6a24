package org.jlxc.plan;

import org.jlxc.config.ContainerConfig;

/**
 * The lxc.console.* keys as LXC 5 reads them (confile.c, terminal.c): the peer device of
 * lxc.console.path and the byte sizes of lxc.console.size and lxc.console.buffer.size.
 */
public final class ConsoleOptions {
    /** LXC's `auto` for both sizes: 2^17 bytes. */
    public static final long AUTO_SIZE = 1L << 17;
    /** LXC rounds sizes up to at least a page; this is the page size of every supported arch. */
    private static final long PAGE_SIZE = 4096;

    private ConsoleOptions() {}

    /**
     * The device lxc.console.path (or lxc-start -c) names: the console's peer, in place of the
     * caller's terminal. Null when unset, empty or `none` (no console at all).
     */
    public static String peer(ContainerConfig config) {
        String path = config.consolePath();
        return path == null || path.isEmpty() || path.equals("none") ? null : path;
    }

    /** lxc.console.size's limit of the console log in bytes; 0 when there is none. */
    public static long logSize(ContainerConfig config) {
        return size(config.consoleSize());
    }

    /** lxc.console.buffer.size's ring in bytes; 0 when there is none. */
    public static long bufferSize(ContainerConfig config) {
        return size(config.consoleBufferSize());
    }

    /**
     * A parsed size (null: unset, -1: auto) as LXC uses it: auto is 128 KiB, anything else at
     * least a page, rounded up to a power of two ("0" too: LXC turns it into a page).
     */
    static long size(Long value) {
        if (value == null) return 0;
        if (value < 0) return AUTO_SIZE;
        long n = Math.max(value, PAGE_SIZE);
        long power = Long.highestOneBit(n);
        return power == n ? n : power << 1;
    }
}
