package org.jlxc.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Freezes and thaws a container's cgroup, as LXC 5 does: the v1 freezer hierarchy when the host
 * has one (`freezer.state`: FREEZING until every task stopped, then FROZEN; THAWED), otherwise
 * the v2 `cgroup.freeze`, done when `cgroup.events` says `frozen 1`.
 */
public final class Freezer {
    private static final long POLL_MILLIS = 10;

    /** Where the freezing is done: one directory and its version. */
    public record Target(Path dir, boolean unified) {}

    private Freezer() {}

    /** The freezer of the cgroup: v1's when a freezer hierarchy exists, else v2's; null when neither. */
    public static Target of(ContainerCgroup cgroup) {
        Target v2 = null;
        for (Hierarchy h : cgroup.hierarchies()) {
            if (h.has("freezer")) return new Target(cgroup.dirIn(h), false);
            if (h.unified() && Files.exists(cgroup.dirIn(h).resolve("cgroup.freeze"))) v2 = new Target(cgroup.dirIn(h), true);
        }
        return v2;
    }

    /** Whether the cgroup is frozen now (a v1 FREEZING is not yet). */
    public static boolean isFrozen(Target t) throws IOException {
        return t.unified() ? eventsFrozen(Files.readString(t.dir().resolve("cgroup.events")))
                : Files.readString(t.dir().resolve("freezer.state")).strip().equals("FROZEN");
    }

    /** Freezes and waits until every task is frozen (a D-state task can make v1 take a while). */
    public static void freeze(Target t) throws IOException, InterruptedException {
        set(t, true);
        while (!isFrozen(t)) Thread.sleep(POLL_MILLIS);
    }

    public static void thaw(Target t) throws IOException, InterruptedException {
        set(t, false);
        while (isFrozen(t)) Thread.sleep(POLL_MILLIS);
    }

    private static void set(Target t, boolean frozen) throws IOException {
        if (t.unified()) {
            Files.writeString(t.dir().resolve("cgroup.freeze"), frozen ? "1" : "0");
        } else {
            Files.writeString(t.dir().resolve("freezer.state"), frozen ? "FROZEN" : "THAWED");
        }
    }

    /** The `frozen` key of a v2 `cgroup.events` ("populated 1\nfrozen 0\n"). */
    static boolean eventsFrozen(String events) {
        for (String line : events.split("\n")) {
            String[] kv = line.strip().split(" ");
            if (kv.length == 2 && kv[0].equals("frozen")) return kv[1].equals("1");
        }
        return false;
    }
}
