package org.jlxc.linux.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.HexFormat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each request byte for byte against what iproute2 sent for the same operation on this machine,
 * recorded with `strace -e trace=sendmsg -e write=3 ip ...` in a scratch network namespace (the
 * sequence number zeroed: the socket stamps its own). Link index 3 is the device `dev`/`link` named.
 * Where a case was not recorded (peer netns by pid, delete, move by fd, get by index), it is derived
 * by hand from the uapi layouts and says so. The `bridge vlan` cases were recorded with `master`,
 * which makes `bridge` send IFLA_BRIDGE_FLAGS as LXC does.
 */
class RequestsTest {
    private static final String ZERO_IFINFO = "00000000 00000000 00000000 00000000";

    @BeforeAll
    static void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "recorded on a little-endian host");
    }

    /** Hex with spaces; the 4 bytes of nlmsg_seq (offset 8) are written 00000000 here. */
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String expect(String spaced) {
        return spaced.replace(" ", "").replace("\n", "");
    }

    @Test
    void vethPairAsIpLinkAddTypeVethPeerName() {
        // ip link add v2 type veth peer name v3
        assertThat(hex(Requests.createVeth("v2", "v3", null))).isEqualTo(expect("""
                54000000 10000506 00000000 00000000
                """ + ZERO_IFINFO + """
                07000300 76320000 2c001200 08000100
                76657468 20000200 1c000100 00000000
                00000000 00000000 00000000 07000300
                76330000"""));
    }

    @Test
    void vethPeerCreatedInAnotherNamespaceCarriesTheNamespaceInsideThePeerBeforeItsName() {
        // ip link add v2 type veth peer name v3 netns jxnlrecB (ip opened the namespace file as fd 4)
        assertThat(hex(Requests.createVeth("v2", "v3", NetnsRef.ofFd(4)))).isEqualTo(expect("""
                5c000000 10000506 00000000 00000000
                """ + ZERO_IFINFO + """
                07000300 76320000 34001200 08000100
                76657468 28000200 24000100 00000000
                00000000 00000000 00000000 08001c00
                04000000 07000300 76330000"""));
        // by pid (by hand): IFLA_NET_NS_PID (19) in the same place
        assertThat(hex(Requests.createVeth("v2", "v3", NetnsRef.ofPid(1234)))).endsWith("08001300d204000007000300"
                + "76330000");
    }

    @Test
    void vethQueuesAsIpLinkAddNumrxqueuesNumtxqueues() {
        // The peer (container end) gets rx 2 tx 3, the host end the crossed counts, as LXC's lxc_veth_create:
        // ip link add v4 numrxqueues 3 numtxqueues 2 type veth peer name v5 numrxqueues 2 numtxqueues 3 netns jxnlrecB
        assertThat(hex(Requests.createVeth("v4", "v5", NetnsRef.ofFd(4), 2, 3))).isEqualTo(expect("""
                7c000000 10000506 00000000 00000000
                """ + ZERO_IFINFO + """
                08002000 03000000 08001f00 02000000
                07000300 76340000 44001200 08000100
                76657468 38000200 34000100 00000000
                00000000 00000000 00000000 08002000
                02000000 08001f00 03000000 08001c00
                04000000 07000300 76350000"""));
        // by hand: only an rx count: the host end's tx (31) right after its ifinfomsg, the peer's rx (32) in the peer
        assertThat(hex(Requests.createVeth("a1", "b1", null, 2, null))).startsWith(expect("""
                64000000 10000506 00000000 00000000
                """ + ZERO_IFINFO + """
                08001f00 02000000 07000300 61310000""")).endsWith(expect("""
                08002000 02000000 07000300 62310000"""));
        assertThat(Requests.createVeth("v2", "v3", null, null, null)).isEqualTo(Requests.createVeth("v2", "v3", null));
        assertThatThrownBy(() -> Requests.createVeth("v2", "v3", null, 0, null))
                .hasMessage("rx queue count 0 is not at least 1");
    }

    @Test
    void vlanAsIpLinkAddTypeVlanId() {
        // ip link add link v0 name vl0 type vlan id 5
        assertThat(hex(Requests.createVlan("vl0", 3, 5))).isEqualTo(expect("""
                48000000 10000506 00000000 00000000
                """ + ZERO_IFINFO + """
                08000500 03000000 08000300 766c3000
                18001200 08000100 766c616e 0c000200
                06000100 05000000"""));
    }

    @Test
    void vlanIdOutOfRangeIsRefusedBeforeTheKernel() {
        assertThatThrownBy(() -> Requests.createVlan("vl0", 3, 4095)).hasMessageContaining("vlan id 4095");
    }

    @Test
    void ipvlanAsIpLinkAddTypeIpvlanModeL3Private() {
        // ip link add link v0 name iv0 type ipvlan mode l3 private
        assertThat(hex(Requests.createIpvlan("iv0", 3, IpvlanMode.L3, IpvlanIsolation.PRIVATE))).isEqualTo(expect("""
                54000000 10000506 00000000 00000000
                """ + ZERO_IFINFO + """
                08000500 03000000 08000300 69763000
                24001200 0a000100 6970766c 616e0000
                14000200 06000100 01000000 06000200
                01000000"""));
    }

    @Test
    void macvlanAsIpLinkAddTypeMacvlanModeBridge() {
        // ip link add link v0 name mv0 type macvlan mode bridge
        assertThat(hex(Requests.createMacvlan("mv0", 3, MacvlanMode.BRIDGE))).isEqualTo(expect("""
                4c000000 10000506 00000000 00000000
                """ + ZERO_IFINFO + """
                08000500 03000000 08000300 6d763000
                1c001200 0b000100 6d616376 6c616e00
                0c000200 08000100 04000000"""));
        assertThat(hex(Requests.createMacvlan("mv0", 3, MacvlanMode.PASSTHRU))).endsWith("0800010008000000");
    }

    @Test
    void bridgeAsIpLinkAddTypeBridge() {
        assertThat(hex(Requests.createSimple("br0", "bridge"))).isEqualTo(expect("""
                38000000 10000506 00000000 00000000
                """ + ZERO_IFINFO + """
                08000300 62723000 10001200 0a000100
                62726964 67650000"""));
    }

    @Test
    void linkChangesAsIpLinkSet() {
        // ip link set v0 up
        assertThat(hex(Requests.setUp(3, true))).isEqualTo(expect(
                "20000000 10000500 00000000 00000000 00000000 03000000 01000000 01000000"));
        // down: by hand, flags 0 with IFF_UP in change
        assertThat(hex(Requests.setUp(3, false))).isEqualTo(expect(
                "20000000 10000500 00000000 00000000 00000000 03000000 00000000 01000000"));
        // ip link set v0 master br0 (index 7)
        assertThat(hex(Requests.setMaster(3, 7))).isEqualTo(expect(
                "28000000 10000500 00000000 00000000 00000000 03000000 00000000 00000000 08000a00 07000000"));
        // ip link set v0 mtu 1400
        assertThat(hex(Requests.setMtu(3, 1400))).isEqualTo(expect(
                "28000000 10000500 00000000 00000000 00000000 03000000 00000000 00000000 08000400 78050000"));
        // ip link set v0 address 00:16:3e:01:02:03
        assertThat(hex(Requests.setHwaddr(3, Requests.parseMac("00:16:3e:01:02:03")))).isEqualTo(expect(
                "2c000000 10000500 00000000 00000000 00000000 03000000 00000000 00000000 0a000100 00163e01 02030000"));
        // by hand: rename (IFLA_IFNAME), move by fd (IFLA_NET_NS_FD 28), delete (RTM_DELLINK 17)
        assertThat(hex(Requests.setName(3, "eth0"))).isEqualTo(expect(
                "2c000000 10000500 00000000 00000000 00000000 03000000 00000000 00000000 09000300 65746830 00000000"));
        assertThat(hex(Requests.moveToNetns(3, NetnsRef.ofFd(9)))).isEqualTo(expect(
                "28000000 10000500 00000000 00000000 00000000 03000000 00000000 00000000 08001c00 09000000"));
        // ip link set dev v0 netns 1 name zz (recorded): the namespace first, then the name
        assertThat(hex(Requests.moveToNetns(3, NetnsRef.ofPid(1), "zz"))).isEqualTo(expect(
                "30000000 10000500 00000000 00000000 00000000 03000000 00000000 00000000 08001300 01000000"
                        + " 07000300 7a7a0000"));
        assertThat(hex(Requests.delete(3))).isEqualTo(expect(
                "20000000 11000500 00000000 00000000 00000000 03000000 00000000 00000000"));
    }

    @Test
    void badMacAddressesAreRefused() {
        assertThatThrownBy(() -> Requests.parseMac("00:16:3e:01:02")).hasMessage("not a MAC address: 00:16:3e:01:02");
        assertThatThrownBy(() -> Requests.parseMac("00:16:3e:01:02:zz")).hasMessage("not a MAC address: 00:16:3e:01:02:zz");
    }

    @Test
    void addressesAsIpAddressAdd() throws Exception {
        // ip address add 10.0.3.5/24 broadcast 10.0.3.255 dev v0
        assertThat(hex(Requests.addAddress(3, InetAddress.getByName("10.0.3.5"), 24,
                InetAddress.getByName("10.0.3.255")))).isEqualTo(expect("""
                30000000 14000506 00000000 00000000
                02180000 03000000 08000200 0a000305
                08000400 0a0003ff 08000100 0a000305"""));
        // ip address add fd00::5/64 dev v0
        assertThat(hex(Requests.addAddress(3, InetAddress.getByName("fd00::5"), 64, null))).isEqualTo(expect("""
                40000000 14000506 00000000 00000000
                0a400000 03000000 14000200 fd000000
                00000000 00000000 00000005 14000100
                fd000000 00000000 00000000 00000005"""));
        assertThatThrownBy(() -> Requests.addAddress(3, InetAddress.getByName("10.0.3.5"), 33, null))
                .hasMessage("prefix length 33 is out of range for IPv4");
    }

    @Test
    void routesAsIpRouteAdd() throws Exception {
        // ip route add default via 10.0.3.1
        assertThat(hex(Requests.addDefaultRoute(InetAddress.getByName("10.0.3.1"), 0))).isEqualTo(expect("""
                24000000 18000506 00000000 00000000
                02000000 fe030001 00000000 08000500
                0a000301"""));
        // ip -6 route add default via fd00::1
        assertThat(hex(Requests.addDefaultRoute(InetAddress.getByName("fd00::1"), 0))).isEqualTo(expect("""
                44000000 18000506 00000000 00000000
                0a000000 fe030001 00000000 14000100
                00000000 00000000 00000000 00000000
                14000500 fd000000 00000000 00000000
                00000001"""));
        // ip route add 10.0.3.9/32 dev v0
        assertThat(hex(Requests.addDeviceRoute(3, InetAddress.getByName("10.0.3.9"), 32))).isEqualTo(expect("""
                2c000000 18000506 00000000 00000000
                02200000 fe03fd01 00000000 08000100
                0a000309 08000400 03000000"""));
    }

    @Test
    void routeDeletionAsIpRouteDelWithTheFieldsAddDeviceRouteSets() throws Exception {
        // ip route del unicast 10.0.3.9/32 dev v0 proto boot scope link table main
        assertThat(hex(Requests.deleteDeviceRoute(3, InetAddress.getByName("10.0.3.9"), 32))).isEqualTo(expect("""
                2c000000 19000500 00000000 00000000
                02200000 fe03fd01 00000000 08000100
                0a000309 08000400 03000000"""));
        // ip -6 route del unicast fd00::9/128 dev v0 proto boot scope link table main
        assertThat(hex(Requests.deleteDeviceRoute(3, InetAddress.getByName("fd00::9"), 128))).isEqualTo(expect("""
                38000000 19000500 00000000 00000000
                0a800000 fe03fd01 00000000 14000100
                fd000000 00000000 00000000 00000009
                08000400 03000000"""));
        assertThatThrownBy(() -> Requests.deleteDeviceRoute(3, InetAddress.getByName("fd00::9"), 129))
                .hasMessage("prefix length 129 is out of range for IPv6");
    }

    @Test
    void neighbourProxyAsIpNeighAddAndDelProxy() throws Exception {
        // ip neigh add proxy 10.0.3.1 dev v0
        assertThat(hex(Requests.addNeighProxy(3, InetAddress.getByName("10.0.3.1")))).isEqualTo(expect("""
                24000000 1c000506 00000000 00000000
                02000000 03000000 80000800 08000100
                0a000301"""));
        // ip neigh add proxy fd00::1 dev v0
        assertThat(hex(Requests.addNeighProxy(3, InetAddress.getByName("fd00::1")))).isEqualTo(expect("""
                30000000 1c000506 00000000 00000000
                0a000000 03000000 80000800 14000100
                fd000000 00000000 00000000 00000001"""));
        // ip neigh del proxy 10.0.3.1 dev v0
        assertThat(hex(Requests.deleteNeighProxy(3, InetAddress.getByName("10.0.3.1")))).isEqualTo(expect("""
                24000000 1d000500 00000000 00000000
                02000000 03000000 80000800 08000100
                0a000301"""));
        // ip neigh del proxy fd00::1 dev v0
        assertThat(hex(Requests.deleteNeighProxy(3, InetAddress.getByName("fd00::1")))).isEqualTo(expect("""
                30000000 1d000500 00000000 00000000
                0a000000 03000000 80000800 14000100
                fd000000 00000000 00000000 00000001"""));
    }

    @Test
    void bridgeVlansAsBridgeVlanAddAndDelMaster() {
        // bridge vlan add dev v0 vid 10 pvid untagged master
        assertThat(hex(Requests.bridgeVlanAdd(3, 10, true))).isEqualTo(expect("""
                34000000 13000500 00000000 00000000
                07000000 03000000 00000000 00000000
                14001a00 06000000 01000000 08000200
                06000a00"""));
        // bridge vlan add dev v0 vid 20 master
        assertThat(hex(Requests.bridgeVlanAdd(3, 20, false))).isEqualTo(expect("""
                34000000 13000500 00000000 00000000
                07000000 03000000 00000000 00000000
                14001a00 06000000 01000000 08000200
                00001400"""));
        // bridge vlan del dev v0 vid 1 master
        assertThat(hex(Requests.bridgeVlanDelete(3, 1))).isEqualTo(expect("""
                34000000 11000500 00000000 00000000
                07000000 03000000 00000000 00000000
                14001a00 06000000 01000000 08000200
                00000100"""));
        assertThatThrownBy(() -> Requests.bridgeVlanAdd(3, 4095, false)).hasMessage("bridge vlan id 4095 is not in 1-4094");
        assertThatThrownBy(() -> Requests.bridgeVlanDelete(3, 0)).hasMessage("bridge vlan id 0 is not in 1-4094");
    }

    @Test
    void linkByIndexAsItsIfinfomsgAlone() {
        // by hand: RTM_GETLINK (18) with ifi_index set and no attributes (ip looks devices up by name)
        assertThat(hex(Requests.getLink(3))).isEqualTo(expect(
                "20000000 12000500 00000000 00000000 00000000 03000000 00000000 00000000"));
    }
}
