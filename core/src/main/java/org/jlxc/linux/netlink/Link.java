package org.jlxc.linux.netlink;

/**
 * A network device as a link dump shows it.
 *
 * @param kind the IFLA_INFO_KIND ("veth", "bridge", "macvlan"...), null for devices without one (lo, most NICs)
 * @param mac the hardware address as "aa:bb:cc:dd:ee:ff", null when the device has none
 * @param master the index of the bridge it is attached to, 0 for none
 * @param peer IFLA_LINK: a veth's other end (its index in the namespace the other end lives in),
 *             a macvlan's lower device; 0 for none
 */
public record Link(int index, String name, String kind, int flags, int mtu, String mac, int master, int peer) {
    public Link(int index, String name, String kind, int flags, int mtu, String mac, int master) {
        this(index, name, kind, flags, mtu, mac, master, 0);
    }

    public boolean up() {
        return (flags & Uapi.IFF_UP) != 0;
    }
}
