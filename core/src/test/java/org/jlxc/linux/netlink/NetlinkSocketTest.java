package org.jlxc.linux.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.jlxc.linux.ErrnoException;
import org.junit.jupiter.api.Test;

/** The socket itself, without root and read-only: dumps of this namespace, and opening errors. */
class NetlinkSocketTest {
    @Test
    void aDumpOfThisNamespaceHasLoopbackAtIndexOne() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.open()) {
            RtNetlink n = new RtNetlink(s);
            Link lo = n.links().stream().filter(l -> l.name().equals("lo")).findFirst().orElseThrow();
            assertThat(lo.index()).isEqualTo(1);
            assertThat(n.link("lo")).contains(lo);
            assertThat(n.index("lo")).isEqualTo(1);
            // a second request on the same socket: the sequence numbers move on
            assertThat(n.addresses(1)).extracting(a -> a.address().getHostAddress()).contains("127.0.0.1");
        }
    }

    @Test
    void anUnknownDeviceIsEmptyOrEnodevNamingIt() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.open()) {
            RtNetlink n = new RtNetlink(s);
            assertThat(n.link("ntl-nosuch")).isEmpty();
            assertThatThrownBy(() -> n.index("ntl-nosuch")).isInstanceOf(NetlinkException.class)
                    .hasMessageStartingWith("get link ntl-nosuch: ENODEV");
        }
    }

    @Test
    void openingInANamespaceThatIsNotThereOrNotANamespaceSaysWhich() {
        assertThatThrownBy(() -> NetlinkSocket.openIn(Path.of("/run/netns/ntl-nosuch")))
                .isInstanceOf(ErrnoException.class).hasMessageStartingWith("open(/run/netns/ntl-nosuch): ENOENT");
        assertThatThrownBy(() -> NetlinkSocket.openIn(Path.of("/proc/self/status")))
                .isInstanceOf(ErrnoException.class).hasMessageStartingWith("setns(/proc/self/status): EINVAL");
    }
}
