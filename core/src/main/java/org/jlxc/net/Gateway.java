package org.jlxc.net;

/**
 * A default route inside the container ({@code lxc.net.N.ipv4.gateway} / {@code ipv6.gateway}).
 * Absent is null, not a value of this type.
 */
public sealed interface Gateway {
    /** Through this router. */
    record Via(String address) implements Gateway {
    }

    /** Through the first address of the {@code link} device, looked up on the host at start. */
    record Auto() implements Gateway {
    }

    /** A device route: everything goes out of the interface (layer 3 modes, e.g. ipvlan). */
    record Dev() implements Gateway {
    }
}
