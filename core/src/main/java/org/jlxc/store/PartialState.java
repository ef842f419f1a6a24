package org.jlxc.store;

/** What the {@code partial} marker says about a container's creation (LXC's ongoing_create()). */
public enum PartialState {
    /** No marker: creation finished (or never started). */
    NONE,
    /** Marker present and locked by a live process: creation still running; callers refuse. */
    ONGOING,
    /** Marker present but nobody holds its lock: the creator died; the container must be destroyed. */
    ABANDONED
}
