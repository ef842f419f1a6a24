package org.jlxc.net;

import java.util.List;

import org.jlxc.config.Origin;

/**
 * What every network type but {@code none} configures on its device inside the container.
 *
 * @param index       N of {@code lxc.net.N}
 * @param name        the name inside the container: as configured, else {@link #KERNEL_NAMED}
 *                    (veth, macvlan, ipvlan, vlan), the host name for phys, {@code lo} for empty
 * @param up          {@code flags = up}
 * @param hwaddr      the MAC, placeholders resolved; null = the kernel's
 * @param mtu         null = the kernel's (a veth takes its link's, see LXC's netdev_configure_server_veth)
 * @param l2proxy     neighbour proxy entries on {@code link} for the container's addresses
 * @param scriptUp    null when not configured
 * @param scriptDown  null when not configured
 * @param origin      the network's first line
 */
public record Interface(int index, String name, boolean up, Hwaddr hwaddr, Integer mtu,
                        List<Ipv4Address> ipv4, Gateway ipv4Gateway, List<Ipv6Address> ipv6, Gateway ipv6Gateway,
                        boolean l2proxy, Script scriptUp, Script scriptDown, Origin origin) {

    /**
     * The default name: the kernel gives the first free {@code ethN} (LXC's "eth%d"), after the
     * devices with a configured name took theirs (lxc_setup_network_in_child_namespaces, network.c).
     */
    public static final String KERNEL_NAMED = "eth%d";

    public Interface {
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
    }

    /** Whether the kernel chooses the name ({@code eth%d}), so the device is set up in LXC's second pass. */
    public boolean kernelNamed() {
        return name.equals(KERNEL_NAMED);
    }
}
