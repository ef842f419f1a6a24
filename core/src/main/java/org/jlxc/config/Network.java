package org.jlxc.config;

import java.util.List;

/**
 * One network interface ({@code lxc.net.N.*}, legacy {@code lxc.network.*}). Unset fields are null
 * (lists empty). {@code hwaddr} keeps the {@code x} placeholders of the config: they are replaced by
 * random hex digits when the device is created.
 */
public record Network(int index, String type, String link, String name, boolean up, String hwaddr,
                      Integer mtu, String vethPair, String vethMode, String macvlanMode, String ipvlanMode,
                      String ipvlanIsolation, Integer vlanId, List<IpAddress> ipv4, String ipv4Gateway,
                      List<IpAddress> ipv6, String ipv6Gateway, List<String> vethIpv4Routes,
                      List<String> vethIpv6Routes, String vethVlanId, List<Integer> vethVlanTaggedIds,
                      Integer vethRxQueues, Integer vethTxQueues, Boolean l2proxy,
                      String scriptUp, String scriptDown, Origin origin) {

    /** Network types known to LXC 5.x (1.0.7 lacks ipvlan). */
    public static final List<String> TYPES = List.of("veth", "macvlan", "ipvlan", "vlan", "phys", "empty", "none");

    /**
     * An address with prefix length and (IPv4) broadcast, as written: a missing IPv4 prefix is the
     * classful default, as 5.x prints it; a missing IPv6 prefix is 64.
     */
    public record IpAddress(String address, int prefix, String broadcast) {
        @Override
        public String toString() {
            return address + "/" + prefix + (broadcast == null ? "" : " " + broadcast);
        }
    }
}
