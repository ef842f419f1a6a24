package org.jlxc.plan;

import java.util.ArrayList;
import java.util.List;

import org.jlxc.config.ConfigLine;
import org.jlxc.config.ContainerConfig;
import org.jlxc.config.IdMap;

/**
 * A container's lxc.idmap lines, each with where it was set: the text of /proc/PID/uid_map and
 * gid_map (as LXC's lxc_map_ids writes them), the host ids of the container's root, and the
 * checks the kernel would otherwise answer with a bare EINVAL.
 */
public record IdMaps(List<Entry> entries) {

    /** One lxc.idmap line. */
    public record Entry(IdMap map, ConfigLine line) {
        boolean overlaps(Entry o) {
            return map.type() == o.map.type()
                    && (intersect(map.nsId(), o.map.nsId(), map.range(), o.map.range())
                    || intersect(map.hostId(), o.map.hostId(), map.range(), o.map.range()));
        }

        private static boolean intersect(long a, long b, long ra, long rb) {
            return a < b + rb && b < a + ra;
        }
    }

    /** The kernel takes at most this many lines per map file (since Linux 4.15). */
    static final int MAX_LINES = 340;

    public IdMaps {
        entries = List.copyOf(entries);
    }

    /** The lines in force, in order (an empty value clears the earlier ones, as for every list key). */
    public static IdMaps of(ContainerConfig config) {
        List<Entry> out = new ArrayList<>();
        for (ConfigLine line : config.lines()) {
            if (!line.key().equals("lxc.idmap")) continue;
            if (line.value().isBlank()) {
                out.clear();
                continue;
            }
            out.add(new Entry(IdMap.valueOf(line.value()), line));
        }
        return new IdMaps(out);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The text written to /proc/PID/uid_map or gid_map: "NSID HOSTID RANGE" lines. */
    public String mapText(IdMap.Type type) {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            if (e.map().type() == type) {
                b.append(e.map().nsId()).append(' ').append(e.map().hostId()).append(' ').append(e.map().range())
                        .append('\n');
            }
        }
        return b.toString();
    }

    /** The lines of one type, for messages: "FILE:LINE, FILE:LINE". */
    public String origins(IdMap.Type type) {
        return String.join(", ", entries.stream().filter(e -> e.map().type() == type)
                .map(e -> e.line().origin().toString()).toList());
    }

    /** The host id container id `nsId` maps to, or -1 when it is not mapped. */
    public long hostId(IdMap.Type type, long nsId) {
        for (Entry e : entries) {
            IdMap m = e.map();
            if (m.type() == type && nsId >= m.nsId() && nsId < m.nsId() + m.range()) {
                return m.hostId() + nsId - m.nsId();
            }
        }
        return -1;
    }

    /** Whether container id `nsId` is mapped. */
    public boolean maps(IdMap.Type type, long nsId) {
        return hostId(type, nsId) >= 0;
    }

    /**
     * What the kernel would refuse, or the container could not start with, as a message naming
     * the lines: overlapping ranges, too many lines, no root (uid or gid 0) mapped.
     *
     * @return null when the maps are fine
     */
    public String problem() {
        for (int i = 0; i < entries.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (entries.get(i).overlaps(entries.get(j))) {
                    return "lxc.idmap = " + entries.get(i).map() + " (" + entries.get(i).line().origin()
                            + ") overlaps lxc.idmap = " + entries.get(j).map() + " (" + entries.get(j).line().origin()
                            + ")";
                }
            }
        }
        for (IdMap.Type type : IdMap.Type.values()) {
            String what = type == IdMap.Type.UID ? "uid" : "gid";
            long count = entries.stream().filter(e -> e.map().type() == type).count();
            if (count > MAX_LINES) {
                return "lxc.idmap: " + count + " " + what + " ranges, the kernel takes at most " + MAX_LINES + " ("
                        + origins(type) + ")";
            }
            if (!maps(type, 0)) {
                String lines = origins(type);
                return "lxc.idmap maps no container " + what + " 0 (root): the container cannot run as root"
                        + (lines.isEmpty() ? " (no " + (type == IdMap.Type.UID ? "u" : "g") + " line)" : " (" + lines + ")");
            }
        }
        return null;
    }
}
