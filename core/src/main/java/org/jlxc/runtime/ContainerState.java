package org.jlxc.runtime;

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

    /** A state's exact name, as lxc-wait takes them (LXC compares case-sensitively: "running" is invalid). */
    public static ContainerState parse(String name) {
        for (ContainerState s : values()) {
            if (s.name().equals(name)) return s;
        }
        throw new IllegalArgumentException("invalid state '" + name + "'");
    }
}
