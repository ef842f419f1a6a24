package org.jlxc.linux.netlink;

/** lxc.net.N.ipvlan.isolation: IFLA_IPVLAN_FLAGS (if_link.h IPVLAN_F_*; bridge is no flag). */
public enum IpvlanIsolation {
    BRIDGE(0), PRIVATE(Uapi.IPVLAN_F_PRIVATE), VEPA(Uapi.IPVLAN_F_VEPA);

    final int value;

    IpvlanIsolation(int value) {
        this.value = value;
    }
}
