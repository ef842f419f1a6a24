package org.jlxc.config;

/** One {@code lxc.idmap = u|g NSID HOSTID RANGE} line. */
public record IdMap(Type type, long nsId, long hostId, long range) {

    public enum Type { UID, GID }

    static final ValueType VALUE = ValueType.of(IdMap::parse);

    /** A value the config parser accepted (so it parses); IllegalArgumentException otherwise. */
    public static IdMap valueOf(String v) {
        try {
            return parse(v);
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static IdMap parse(String v) throws InvalidValueException {
        String[] f = v.strip().split("\\s+");
        if (f.length != 4 || !(f[0].equals("u") || f[0].equals("g"))) {
            throw new InvalidValueException("expected: u|g NSID HOSTID RANGE");
        }
        long max = 0xFFFFFFFFL;
        long ns = Values.number(f[1], 0, max - 1);
        long host = Values.number(f[2], 0, max - 1);
        long range = Values.number(f[3], 1, max);
        if (ns + range > max || host + range > max) {
            throw new InvalidValueException("range goes past 4294967295");
        }
        return new IdMap(f[0].equals("u") ? Type.UID : Type.GID, ns, host, range);
    }

    @Override
    public String toString() {
        return (type == Type.UID ? "u" : "g") + " " + nsId + " " + hostId + " " + range;
    }
}
