package org.jlxc.net;

/** A host route to the container ({@code lxc.net.N.veth.ipv4.route}): destination network and prefix. */
public record Ipv4Route(String destination, int prefix) {
    @Override
    public String toString() {
        return destination + "/" + prefix;
    }
}
