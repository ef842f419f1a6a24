package org.jlxc.config;

import java.util.List;
import java.util.Map;

/** Turns the stored sub-key values of one {@code lxc.net.N} into a {@link Network} record. */
final class NetworkBuilder {
    private NetworkBuilder() {
    }

    @SuppressWarnings("unchecked")
    static Network build(int index, Map<String, Object> v, Origin origin) {
        return new Network(index, s(v, "type"), s(v, "link"), s(v, "name"), "up".equals(v.get("flags")),
                s(v, "hwaddr"), (Integer) v.get("mtu"), s(v, "veth.pair"), s(v, "veth.mode"),
                s(v, "macvlan.mode"), s(v, "ipvlan.mode"), s(v, "ipvlan.isolation"), (Integer) v.get("vlan.id"),
                (List<Network.IpAddress>) l(v, "ipv4.address"), s(v, "ipv4.gateway"),
                (List<Network.IpAddress>) l(v, "ipv6.address"), s(v, "ipv6.gateway"),
                l(v, "veth.ipv4.route").stream().map(Object::toString).toList(),
                l(v, "veth.ipv6.route").stream().map(Object::toString).toList(),
                s(v, "veth.vlan.id"), (List<Integer>) l(v, "veth.vlan.tagged.id"),
                (Integer) v.get("veth.n_rxqueues"), (Integer) v.get("veth.n_txqueues"), (Boolean) v.get("l2proxy"),
                s(v, "script.up"), s(v, "script.down"), origin);
    }

    private static String s(Map<String, Object> v, String key) {
        return (String) v.get(key);
    }

    private static List<?> l(Map<String, Object> v, String key) {
        return List.copyOf((List<?>) v.getOrDefault(key, List.of()));
    }
}
