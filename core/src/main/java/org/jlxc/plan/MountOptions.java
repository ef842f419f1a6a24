package org.jlxc.plan;

import static org.jlxc.linux.MountFlags.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * fstab options split into mount(2) flags and the data string, as mount(8) does.
 * Matching is exact (LXC 1.0.7 matched by prefix, so `rootcontext=` read as `ro`).
 * LXC's own options (create=, optional, relative) are dropped here: the plan builder
 * handles them.
 *
 * @param flags       flags for the mount call (propagation flags excluded)
 * @param propagation MS_SHARED/MS_SLAVE/MS_PRIVATE/MS_UNBINDABLE (|MS_REC), applied by a second call
 */
public record MountOptions(long flags, long propagation, String data) {

    private record Flag(long set, long clear) {}

    private static final Map<String, Flag> FLAGS = Map.ofEntries(
            Map.entry("defaults", new Flag(0, 0)),
            Map.entry("ro", new Flag(MS_RDONLY, 0)), Map.entry("rw", new Flag(0, MS_RDONLY)),
            Map.entry("suid", new Flag(0, MS_NOSUID)), Map.entry("nosuid", new Flag(MS_NOSUID, 0)),
            Map.entry("dev", new Flag(0, MS_NODEV)), Map.entry("nodev", new Flag(MS_NODEV, 0)),
            Map.entry("exec", new Flag(0, MS_NOEXEC)), Map.entry("noexec", new Flag(MS_NOEXEC, 0)),
            Map.entry("sync", new Flag(MS_SYNCHRONOUS, 0)), Map.entry("async", new Flag(0, MS_SYNCHRONOUS)),
            Map.entry("dirsync", new Flag(MS_DIRSYNC, 0)), Map.entry("remount", new Flag(MS_REMOUNT, 0)),
            Map.entry("mand", new Flag(MS_MANDLOCK, 0)), Map.entry("nomand", new Flag(0, MS_MANDLOCK)),
            Map.entry("atime", new Flag(0, MS_NOATIME)), Map.entry("noatime", new Flag(MS_NOATIME, 0)),
            Map.entry("diratime", new Flag(0, MS_NODIRATIME)), Map.entry("nodiratime", new Flag(MS_NODIRATIME, 0)),
            Map.entry("bind", new Flag(MS_BIND, 0)), Map.entry("rbind", new Flag(MS_BIND | MS_REC, 0)),
            Map.entry("relatime", new Flag(MS_RELATIME, 0)), Map.entry("norelatime", new Flag(0, MS_RELATIME)),
            Map.entry("strictatime", new Flag(MS_STRICTATIME, 0)),
            Map.entry("nostrictatime", new Flag(0, MS_STRICTATIME)),
            Map.entry("lazytime", new Flag(MS_LAZYTIME, 0)), Map.entry("nolazytime", new Flag(0, MS_LAZYTIME)),
            Map.entry("nosymfollow", new Flag(MS_NOSYMFOLLOW, 0)));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC,
            "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC,
            "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC);

    public static MountOptions parse(List<String> options) {
        long flags = 0;
        long propagation = 0;
        List<String> data = new ArrayList<>();
        for (String o : options) {
            Flag f = FLAGS.get(o);
            if (f != null) {
                flags = (flags | f.set()) & ~f.clear();
            } else if (PROPAGATION.containsKey(o)) {
                propagation |= PROPAGATION.get(o);
            } else if (!isLxcOption(o) && !o.isEmpty()) {
                data.add(o);
            }
        }
        return new MountOptions(flags, propagation, String.join(",", data));
    }

    /** Options LXC interprets itself and never passes to mount(2). */
    public static boolean isLxcOption(String o) {
        return o.equals("optional") || o.equals("relative") || o.startsWith("create=") || o.startsWith("idmap=");
    }

    public boolean bind() {
        return (flags & MS_BIND) != 0;
    }

    public boolean remount() {
        return (flags & MS_REMOUNT) != 0;
    }
}
