package org.jlxc.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sub-keys of {@code lxc.net.N.*} (names relative to {@code lxc.net.N.}), their value types and
 * the legacy renames of {@code lxc.network.*}.
 */
final class NetworkKeys {
    private NetworkKeys() {
    }

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    /** Legacy sub-key → current sub-key, where they differ. */
    static final Map<String, String> LEGACY_RENAMES = Map.of("ipv4", "ipv4.address", "ipv6", "ipv6.address");

    private static final Pattern HWADDR = Pattern.compile("([0-9a-fA-Fx]{2}:){5}[0-9a-fA-Fx]{2}");

    static final ValueType IFNAME = Values.name(15);

    static final ValueType IPV4 = ValueType.of(NetworkKeys::ipv4);
    static final ValueType IPV6 = ValueType.of(NetworkKeys::ipv6);

    static {
        scalar("type", Values.oneOf(Network.TYPES.toArray(String[]::new)));
        scalar("flags", ValueType.of(v -> {
            if (!v.equals("up")) {
                throw new InvalidValueException("only \"up\" is supported");
            }
            return v;
        }));
        scalar("link", IFNAME);
        scalar("name", IFNAME);
        scalar("hwaddr", ValueType.of(v -> {
            if (!HWADDR.matcher(v).matches()) {
                throw new InvalidValueException("not a MAC address (xx:xx:xx:xx:xx:xx, x = random digit)");
            }
            return v;
        }));
        scalar("mtu", ValueType.of(v -> (int) Values.number(v, 68, 65536)));
        scalar("vlan.id", ValueType.of(v -> (int) Values.number(v, 0, 4095)));
        scalar("macvlan.mode", Values.oneOf("private", "vepa", "bridge", "passthru"));
        scalar("ipvlan.mode", Values.oneOf("l3", "l3s", "l2"));
        scalar("ipvlan.isolation", Values.oneOf("bridge", "private", "vepa"));
        scalar("veth.mode", Values.oneOf("bridge", "router"));
        scalar("veth.pair", IFNAME);
        list("veth.ipv4.route", IPV4);
        list("veth.ipv6.route", IPV6);
        scalar("veth.vlan.id", ValueType.of(v -> v.equals("none") ? v : String.valueOf(Values.number(v, 1, 4094))));
        list("veth.vlan.tagged.id", ValueType.of(v -> (int) Values.number(v, 1, 4094)));
        scalar("veth.n_rxqueues", Values.UINT);
        scalar("veth.n_txqueues", Values.UINT);
        scalar("l2proxy", Values.BOOL);
        scalar("script.up", Values.STRING);
        scalar("script.down", Values.STRING);
        list("ipv4.address", IPV4);
        scalar("ipv4.gateway", gateway(IPV4));
        list("ipv6.address", IPV6);
        scalar("ipv6.gateway", gateway(IPV6));
    }

    private static void scalar(String name, ValueType type) {
        KEYS.put(name, new Key(name, Key.Kind.SCALAR, type, List.of(), null));
    }

    private static void list(String name, ValueType type) {
        KEYS.put(name, new Key(name, Key.Kind.LIST, type, List.of(), null));
    }

    static Key get(String sub) {
        return KEYS.get(sub);
    }

    static Iterable<String> names() {
        return KEYS.keySet();
    }

    private static ValueType gateway(ValueType address) {
        return ValueType.of(v -> v.equals("auto") || v.equals("dev") ? v
                : ((Network.IpAddress) address.parse(v)).address());
    }

    /** {@code a.b.c.d[/prefix] [broadcast]}; no prefix: the classful default, as LXC does. */
    static Network.IpAddress ipv4(String v) throws InvalidValueException {
        String[] f = v.strip().split("\\s+");
        if (f.length > 2) {
            throw new InvalidValueException("expected ADDRESS[/PREFIX] [BROADCAST]");
        }
        String[] ap = f[0].split("/", -1);
        int[] octets = octets(ap[0]);
        int prefix = ap.length > 1 ? (int) Values.number(ap[1], 0, 32)
                : octets[0] < 128 ? 8 : octets[0] < 192 ? 16 : 24;
        if (ap.length > 2) {
            throw new InvalidValueException("not an IPv4 address");
        }
        if (f.length == 2) {
            octets(f[1]);
        }
        return new Network.IpAddress(ap[0], prefix, f.length == 2 ? f[1] : null);
    }

    private static int[] octets(String a) throws InvalidValueException {
        String[] p = a.split("\\.", -1);
        if (p.length != 4) {
            throw new InvalidValueException("not an IPv4 address");
        }
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            if (p[i].isEmpty() || p[i].length() > 3 || !p[i].chars().allMatch(Character::isDigit)
                    || Integer.parseInt(p[i]) > 255) {
                throw new InvalidValueException("not an IPv4 address");
            }
            out[i] = Integer.parseInt(p[i]);
        }
        return out;
    }

    /** {@code addr[/prefix]}, prefix default 64. */
    static Network.IpAddress ipv6(String v) throws InvalidValueException {
        String[] ap = v.strip().split("/", -1);
        if (ap.length > 2 || ap[0].isEmpty() || !ap[0].contains(":")
                || !ap[0].chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            throw new InvalidValueException("not an IPv6 address");
        }
        if (!validIpv6(ap[0])) {
            throw new InvalidValueException("not an IPv6 address");
        }
        int prefix = ap.length > 1 ? (int) Values.number(ap[1], 0, 128) : 64;
        return new Network.IpAddress(ap[0], prefix, null);
    }

    private static boolean validIpv6(String a) {
        int dc = a.indexOf("::");
        if (dc >= 0 && a.indexOf("::", dc + 1) >= 0) {
            return false;
        }
        String[] halves = dc >= 0 ? new String[] {a.substring(0, dc), a.substring(dc + 2)} : new String[] {a};
        int groups = 0;
        for (int h = 0; h < halves.length; h++) {
            if (halves[h].isEmpty()) {
                continue;
            }
            String[] g = halves[h].split(":", -1);
            for (int i = 0; i < g.length; i++) {
                boolean last = h == halves.length - 1 && i == g.length - 1;
                if (last && g[i].contains(".")) {
                    try {
                        octets(g[i]);
                    } catch (InvalidValueException e) {
                        return false;
                    }
                    groups += 2;
                } else if (g[i].isEmpty() || g[i].length() > 4
                        || !g[i].chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return false;
                } else {
                    groups++;
                }
            }
        }
        return dc >= 0 ? groups < 8 : groups == 8;
    }
}
