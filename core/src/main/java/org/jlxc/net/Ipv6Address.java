package org.jlxc.net;

/** An IPv6 address ({@code lxc.net.N.ipv6.address}) or route ({@code veth.ipv6.route}), prefix default 64. */
public record Ipv6Address(String address, int prefix) {
    @Override
    public String toString() {
        return address + "/" + prefix;
    }
}
