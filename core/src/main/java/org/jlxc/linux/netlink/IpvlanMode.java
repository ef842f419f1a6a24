package org.jlxc.linux.netlink;

/** lxc.net.N.ipvlan.mode: IFLA_IPVLAN_MODE values (if_link.h enum ipvlan_mode). */
public enum IpvlanMode {
    L2(Uapi.IPVLAN_MODE_L2), L3(Uapi.IPVLAN_MODE_L3), L3S(Uapi.IPVLAN_MODE_L3S);

    final int value;

    IpvlanMode(int value) {
        this.value = value;
    }
}
