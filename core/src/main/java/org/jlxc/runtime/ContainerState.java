package org.jlxc.runtime;

import java.util.Locale;

/** A container's state, with LXC's names. */
public enum ContainerState {
    STOPPED, STARTING, RUNNING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED;

    /** The shim's state codes (PLAN.md, "The command socket"). */
    static ContainerState fromShim(int code) {
        return switch (code) {
            case 1 -> STARTING;
            case 2 -> RUNNING;
            case 3 -> STOPPING;
            case 4 -> ABORTING;
            default -> throw new IllegalArgumentException("unknown state " + code + " from the shim");
        };
    }

    /** Case-insensitive, as lxc-wait takes them. */
    public static ContainerState parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown state \"" + name + "\" (STOPPED, STARTING, RUNNING, STOPPING,"
                    + " ABORTING, FREEZING, FROZEN, THAWED)");
        }
    }
}
