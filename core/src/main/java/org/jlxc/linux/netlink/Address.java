package org.jlxc.linux.netlink;

import java.net.InetAddress;

/**
 * An address of a device as an address dump shows it.
 *
 * @param broadcast the IPv4 broadcast address, null when none (and for IPv6)
 * @param scope RT_SCOPE_*: 0 global, 253 link, 254 host
 */
public record Address(int index, InetAddress address, int prefixLength, int scope, InetAddress broadcast) {
    public boolean ipv6() {
        return address.getAddress().length == 16;
    }
}
