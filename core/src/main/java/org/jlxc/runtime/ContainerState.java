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
            case 5 -> FREEZING;
            case 6 -> FROZEN;
            case 7 -> THAWED;
            default -> throw new IllegalArgumentException("unknown state " + code + " from the shim");
        };
    }

    /** The code of a state Java reports to the shim (SET_STATE): RUNNING and the freezer's. */
    int shimCode() {
        return switch (this) {
            case RUNNING -> 2;
            case FREEZING -> 5;
            case FROZEN -> 6;
            case THAWED -> 7;
            default -> throw new IllegalArgumentException(this + " is the shim's to report");
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
