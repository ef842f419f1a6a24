package org.jlxc.linux.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decoding the kernel's answers, on datagrams recorded on this machine with
 * `strace -e trace=recvmsg -e read=3 ip ...` (one datagram per line of hex) in a scratch netns set
 * up as: veth ntv0/ntv1; ntv0 mtu 1400, address 00:16:3e:aa:bb:cc, up, 10.9.0.5/24 brd 10.9.0.255,
 * fd00::5/64. The dumps' sequence number was 0x6b0bc59d (links) and 0x6b0bc59e (addresses).
 */
class AnswersTest {
    private static final int LINK_SEQ = 0x6b0bc59d, ADDR_SEQ = 0x6b0bc59e;

    @BeforeAll
    static void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "recorded on a little-endian host");
    }

    private static List<ByteBuffer> datagrams(String resource) throws IOException {
        try (InputStream in = AnswersTest.class.getResourceAsStream(resource)) {
            List<ByteBuffer> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank()) out.add(ByteBuffer.wrap(HexFormat.of().parseHex(line.strip())));
            }
            return out;
        }
    }

    /** Feeds the datagrams to the socket's collector as if they came off the socket. */
    private static List<NetlinkMessage> collect(String resource, int seq) throws Exception {
        List<NetlinkMessage> answer = new ArrayList<>();
        List<ByteBuffer> all = datagrams(resource);
        for (int i = 0; i < all.size(); i++) {
            boolean done = NetlinkSocket.collect(all.get(i), seq, true, answer, "dump", null);
            assertThat(done).as("done after datagram %d of %d", i + 1, all.size()).isEqualTo(i == all.size() - 1);
        }
        return answer;
    }

    @Test
    void aLinkDumpGivesEachDeviceWithNameKindFlagsMtuMacAndMaster() throws Exception {
        List<Link> links = new ArrayList<>();
        for (NetlinkMessage m : collect("linkdump.hex", LINK_SEQ)) links.add(RtNetlink.decodeLink(m));

        assertThat(links).extracting(Link::name).containsExactly("lo", "ntv1", "ntv0");
        Link lo = links.get(0);
        assertThat(lo.index()).isEqualTo(1);
        assertThat(lo.kind()).isNull();
        assertThat(lo.mtu()).isEqualTo(65536);
        assertThat(lo.up()).isFalse();
        Link ntv0 = links.get(2);
        assertThat(ntv0.kind()).isEqualTo("veth");
        assertThat(ntv0.mtu()).isEqualTo(1400);
        assertThat(ntv0.mac()).isEqualTo("00:16:3e:aa:bb:cc");
        assertThat(ntv0.up()).isTrue();
        assertThat(ntv0.master()).isZero();
        assertThat(links.get(1).up()).isFalse();
    }

    @Test
    void messagesOfAnotherSequenceNumberAreNotTakenAsTheAnswer() throws Exception {
        List<NetlinkMessage> answer = new ArrayList<>();
        for (ByteBuffer d : datagrams("linkdump.hex")) {
            assertThat(NetlinkSocket.collect(d, LINK_SEQ + 1, true, answer, "dump", null)).isFalse();
        }
        assertThat(answer).isEmpty();
    }

    @Test
    void anAddressDumpGivesIpv4WithBroadcastAndIpv6() throws Exception {
        List<Address> addresses = new ArrayList<>();
        for (NetlinkMessage m : collect("addrdump.hex", ADDR_SEQ)) addresses.add(RtNetlink.decodeAddress(m));

        assertThat(addresses).hasSize(2);
        Address v4 = addresses.get(0);
        assertThat(v4.address()).isEqualTo(InetAddress.getByName("10.9.0.5"));
        assertThat(v4.prefixLength()).isEqualTo(24);
        assertThat(v4.broadcast()).isEqualTo(InetAddress.getByName("10.9.0.255"));
        assertThat(v4.scope()).isZero();
        Address v6 = addresses.get(1);
        assertThat(v6.ipv6()).isTrue();
        assertThat(v6.address()).isEqualTo(InetAddress.getByName("fd00::5"));
        assertThat(v6.prefixLength()).isEqualTo(64);
        assertThat(v6.index()).isEqualTo(v4.index());
    }

    @Test
    void anUnknownLinkKindIsEopnotsuppWithTheKernelsReason() throws Exception {
        // `ip link add link ntv0 name vl0 type vlan id 5` on this kernel (no 8021q); the request is
        // echoed whole (ip does not set NETLINK_CAP_ACK), the ext-ack text after it
        ByteBuffer d = datagrams("vlanerr.hex").get(0);
        assertThatThrownBy(() -> NetlinkSocket.collect(d, LINK_SEQ, false, new ArrayList<>(), "create vlan link", "vl0"))
                .isInstanceOfSatisfying(NetlinkException.class, e -> {
                    assertThat(e.errnoName()).isEqualTo("EOPNOTSUPP");
                    assertThat(e.kernelMessage()).isEqualTo("Unknown device type");
                    assertThat(e.withMissingFeature(RtNetlink.feature("vlan")).getMessage()).isEqualTo(
                            "create vlan link vl0: this kernel has no 'vlan' link type (kernel module 8021q): "
                                    + "EOPNOTSUPP (Operation not supported) - kernel says: Unknown device type");
                });
    }

    @Test
    void aTruncatedMessageIsAnError() throws Exception {
        ByteBuffer d = datagrams("vlanerr.hex").get(0);
        ByteBuffer cut = d.slice(0, 40);
        assertThatThrownBy(() -> NetlinkMessage.parse(cut)).hasMessageContaining("malformed netlink answer");
    }
}
