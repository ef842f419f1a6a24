package org.jlxc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.jlxc.linux.netlink.Address;
import org.jlxc.linux.netlink.Link;
import org.junit.jupiter.api.Test;

class ContainerInterfacesTest {
    private static Address addr(int index, String text, int prefix, int scope) {
        return new Address(index, InetAddress.ofLiteral(text), prefix, scope, null);
    }

    private final ContainerInterfaces net = new ContainerInterfaces(
            List.of(new Link(1, "lo", null, 0x9, 65536, null, 0), new Link(2, "eth0", "veth", 0x1003, 1500, null, 0),
                    new Link(3, "eth1", "veth", 0x1003, 1500, null, 0)),
            List.of(addr(1, "127.0.0.1", 8, 254), addr(2, "10.0.3.2", 24, 0), addr(3, "10.0.4.2", 24, 0),
                    addr(1, "::1", 128, 254), addr(2, "fd00:0:0:0:0:0:0:2", 64, 0), addr(2, "fe80::216:3eff:fe00:1", 64, 253)));

    @Test
    void allButLoAndLinkLocalAsLxcInfoShowsThem() {
        assertThat(net.ips(null, null, 0)).containsExactly("10.0.3.2", "10.0.4.2", "fd00::2");
    }

    @Test
    void byFamilyByInterfaceAndTheLinkLocalScopeIdIsTheInterfaceIndex() {
        assertThat(net.ips(null, "inet", 0)).containsExactly("10.0.3.2", "10.0.4.2");
        assertThat(net.ips(null, "inet6", 0)).containsExactly("fd00::2");
        assertThat(net.ips("eth1", null, 0)).containsExactly("10.0.4.2");
        assertThat(net.ips("lo", "inet", 0)).containsExactly("127.0.0.1");
        assertThat(net.ips("eth0", "inet6", 2)).containsExactly("fe80::216:3eff:fe00:1");
        assertThat(net.names()).containsExactly("lo", "eth0", "eth1");
    }

    @Test
    void ipv6TextIsInetNtops() {
        assertThat(ContainerInterfaces.text(InetAddress.ofLiteral("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(ContainerInterfaces.text(InetAddress.ofLiteral("::"))).isEqualTo("::");
        assertThat(ContainerInterfaces.text(InetAddress.ofLiteral("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(ContainerInterfaces.text(InetAddress.ofLiteral("1::"))).isEqualTo("1::");
    }
}
