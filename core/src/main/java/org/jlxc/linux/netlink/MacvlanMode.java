package org.jlxc.linux.netlink;

/** lxc.net.N.macvlan.mode: IFLA_MACVLAN_MODE values (if_link.h enum macvlan_mode). */
public enum MacvlanMode {
    PRIVATE(Uapi.MACVLAN_MODE_PRIVATE), VEPA(Uapi.MACVLAN_MODE_VEPA), BRIDGE(Uapi.MACVLAN_MODE_BRIDGE),
    PASSTHRU(Uapi.MACVLAN_MODE_PASSTHRU);

    final int value;

    MacvlanMode(int value) {
        this.value = value;
    }
}
