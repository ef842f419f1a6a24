package org.jlxc.linux.netlink;

import static org.jlxc.linux.netlink.Uapi.*;

import java.net.InetAddress;

/**
 * The bytes of each rtnetlink request {@link RtNetlink} sends (sequence number 0). Attribute
 * order follows iproute2's for the same operation, so a request can be checked byte for byte
 * against `strace -e write=3 ip ...` on the same machine.
 */
final class Requests {
    private static final int CREATE = NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE;
    private static final int CHANGE = NLM_F_REQUEST | NLM_F_ACK;
    private static final int DUMP = NLM_F_REQUEST | NLM_F_DUMP;

    private Requests() {}

    static byte[] createVeth(String name, String peer, NetnsRef peerNetns) {
        return createVeth(name, peer, peerNetns, null, null);
    }

    /**
     * A veth pair, optionally with queue counts. rxQueues/txQueues are the peer's (the container's
     * end: LXC's veth.n_rxqueues/n_txqueues); name, the other end, gets them crossed (its receive
     * queues are the peer's transmit queues), as LXC's lxc_veth_create does. In each end the
     * counts come before the name, as `ip link add NAME numrxqueues R numtxqueues T type veth peer
     * name PEER numrxqueues R numtxqueues T netns N` sends them; null counts are not sent.
     */
    static byte[] createVeth(String name, String peer, NetnsRef peerNetns, Integer rxQueues, Integer txQueues) {
        checkQueues("rx", rxQueues);
        checkQueues("tx", txQueues);
        MessageWriter w = new MessageWriter(RTM_NEWLINK, CREATE).ifinfomsg(AF_UNSPEC, 0, 0, 0);
        queues(w, txQueues, rxQueues).string(IFLA_IFNAME, name)
                .begin(IFLA_LINKINFO).kind(IFLA_INFO_KIND, "veth")
                .begin(IFLA_INFO_DATA)
                .begin(VETH_INFO_PEER).ifinfomsg(AF_UNSPEC, 0, 0, 0);
        queues(w, rxQueues, txQueues);
        if (peerNetns != null) netns(w, peerNetns);
        return w.string(IFLA_IFNAME, peer).end().end().end().bytes();
    }

    private static MessageWriter queues(MessageWriter w, Integer rx, Integer tx) {
        if (rx != null) w.u32(IFLA_NUM_RX_QUEUES, rx);
        if (tx != null) w.u32(IFLA_NUM_TX_QUEUES, tx);
        return w;
    }

    /** The kernel refuses 0 queues ("Invalid number of transmit queues"); say so before it does. */
    private static void checkQueues(String which, Integer n) {
        if (n != null && n < 1) throw new IllegalArgumentException(which + " queue count " + n + " is not at least 1");
    }

    static byte[] createMacvlan(String name, int link, MacvlanMode mode) {
        return onLink(name, link, "macvlan").begin(IFLA_INFO_DATA).u32(IFLA_MACVLAN_MODE, mode.value).end()
                .end().bytes();
    }

    static byte[] createIpvlan(String name, int link, IpvlanMode mode, IpvlanIsolation isolation) {
        return onLink(name, link, "ipvlan").begin(IFLA_INFO_DATA).u16(IFLA_IPVLAN_MODE, mode.value)
                .u16(IFLA_IPVLAN_FLAGS, isolation.value).end().end().bytes();
    }

    static byte[] createVlan(String name, int link, int id) {
        if (id < 0 || id > 4094) throw new IllegalArgumentException("vlan id " + id + " is not in 0-4094");
        return onLink(name, link, "vlan").begin(IFLA_INFO_DATA).u16(IFLA_VLAN_ID, id).end().end().bytes();
    }

    /** A device of a kind that needs no parameters: bridge, dummy. */
    static byte[] createSimple(String name, String kind) {
        return new MessageWriter(RTM_NEWLINK, CREATE).ifinfomsg(AF_UNSPEC, 0, 0, 0).string(IFLA_IFNAME, name)
                .begin(IFLA_LINKINFO).kind(IFLA_INFO_KIND, kind).end().bytes();
    }

    /** IFLA_LINK, IFLA_IFNAME, then LINKINFO with the kind; the caller adds INFO_DATA and closes LINKINFO. */
    private static MessageWriter onLink(String name, int link, String kind) {
        return new MessageWriter(RTM_NEWLINK, CREATE).ifinfomsg(AF_UNSPEC, 0, 0, 0).u32(IFLA_LINK, link)
                .string(IFLA_IFNAME, name).begin(IFLA_LINKINFO).kind(IFLA_INFO_KIND, kind);
    }

    static byte[] delete(int index) {
        return new MessageWriter(RTM_DELLINK, CHANGE).ifinfomsg(AF_UNSPEC, index, 0, 0).bytes();
    }

    static byte[] setUp(int index, boolean up) {
        return new MessageWriter(RTM_NEWLINK, CHANGE).ifinfomsg(AF_UNSPEC, index, up ? IFF_UP : 0, IFF_UP).bytes();
    }

    static byte[] setName(int index, String name) {
        return change(index).string(IFLA_IFNAME, name).bytes();
    }

    static byte[] setMtu(int index, int mtu) {
        return change(index).u32(IFLA_MTU, mtu).bytes();
    }

    static byte[] setHwaddr(int index, byte[] mac) {
        return change(index).bytes(IFLA_ADDRESS, mac).bytes();
    }

    /** master 0 detaches from the bridge. */
    static byte[] setMaster(int index, int master) {
        return change(index).u32(IFLA_MASTER, master).bytes();
    }

    static byte[] moveToNetns(int index, NetnsRef netns) {
        return netns(change(index), netns).bytes();
    }

    /**
     * Moves the device and renames it in one request (`ip link set dev D netns N name NAME`): a
     * name taken in the target namespace fails the move instead of leaving the device stranded.
     */
    static byte[] moveToNetns(int index, NetnsRef netns, String name) {
        return netns(change(index), netns).string(IFLA_IFNAME, name).bytes();
    }

    /**
     * A VLAN on bridge port index (`bridge vlan add dev D vid N [pvid untagged] master`): pvidUntagged
     * makes it the port's PVID, sent untagged (LXC's veth.vlan.id); otherwise a tagged VLAN (LXC's
     * veth.vlan.tagged.id). IFLA_BRIDGE_FLAGS says "the bridge master", as LXC's lxc_bridge_vlan sends.
     */
    static byte[] bridgeVlanAdd(int portIndex, int vid, boolean pvidUntagged) {
        return bridgeVlan(RTM_SETLINK, portIndex, vid,
                pvidUntagged ? BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED : 0);
    }

    /** `bridge vlan del dev D vid N master`: LXC drops the bridge's default PVID this way. */
    static byte[] bridgeVlanDelete(int portIndex, int vid) {
        return bridgeVlan(RTM_DELLINK, portIndex, vid, 0);
    }

    private static byte[] bridgeVlan(int type, int portIndex, int vid, int flags) {
        if (vid < 1 || vid > 4094) throw new IllegalArgumentException("bridge vlan id " + vid + " is not in 1-4094");
        return new MessageWriter(type, CHANGE).ifinfomsg(AF_BRIDGE, portIndex, 0, 0)
                .begin(IFLA_AF_SPEC).u16(IFLA_BRIDGE_FLAGS, BRIDGE_FLAGS_MASTER)
                .u16Pair(IFLA_BRIDGE_VLAN_INFO, flags, vid).end().bytes();
    }

    private static MessageWriter change(int index) {
        return new MessageWriter(RTM_NEWLINK, CHANGE).ifinfomsg(AF_UNSPEC, index, 0, 0);
    }

    private static MessageWriter netns(MessageWriter w, NetnsRef netns) {
        if (netns instanceof NetnsRef.Pid p) return w.u32(IFLA_NET_NS_PID, p.pid());
        return w.u32(IFLA_NET_NS_FD, ((NetnsRef.Fd) netns).fd());
    }

    static byte[] getLink(String name) {
        return new MessageWriter(RTM_GETLINK, CHANGE).ifinfomsg(AF_UNSPEC, 0, 0, 0).string(IFLA_IFNAME, name).bytes();
    }

    /** One device by index (its IFLA_LINKINFO carries a bridge's settings). */
    static byte[] getLink(int index) {
        return new MessageWriter(RTM_GETLINK, CHANGE).ifinfomsg(AF_UNSPEC, index, 0, 0).bytes();
    }

    static byte[] dumpLinks() {
        return new MessageWriter(RTM_GETLINK, DUMP).ifinfomsg(AF_UNSPEC, 0, 0, 0).bytes();
    }

    static byte[] dumpAddresses() {
        return new MessageWriter(RTM_GETADDR, DUMP).ifaddrmsg(AF_UNSPEC, 0, 0, 0, 0).bytes();
    }

    /** IPv4 with optional broadcast, or IPv6; scope global, as `ip address add` without options. */
    static byte[] addAddress(int index, InetAddress address, int prefixLength, InetAddress broadcast) {
        byte[] a = address.getAddress();
        checkPrefix(a, prefixLength);
        MessageWriter w = new MessageWriter(RTM_NEWADDR, CREATE)
                .ifaddrmsg(family(a), prefixLength, 0, RT_SCOPE_UNIVERSE, index).bytes(IFA_LOCAL, a);
        if (broadcast != null) {
            if (a.length != 4) throw new IllegalArgumentException("a broadcast address is for IPv4 only");
            w.bytes(IFA_BROADCAST, broadcast.getAddress());
        }
        return w.bytes(IFA_ADDRESS, a).bytes();
    }

    /**
     * The default route via gateway, optionally bound to device oif (0: let the kernel find it).
     * For IPv6, iproute2 spells out the empty destination (RTA_DST ::); we do the same.
     */
    static byte[] addDefaultRoute(InetAddress gateway, int oif) {
        byte[] g = gateway.getAddress();
        MessageWriter w = new MessageWriter(RTM_NEWROUTE, CREATE)
                .rtmsg(family(g), 0, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE, RTN_UNICAST);
        if (g.length == 16) w.bytes(RTA_DST, new byte[16]);
        w.bytes(RTA_GATEWAY, g);
        if (oif != 0) w.u32(RTA_OIF, oif);
        return w.bytes();
    }

    /** A route to destination/prefix straight out of device oif (scope link): veth router mode's host routes. */
    static byte[] addDeviceRoute(int oif, InetAddress destination, int prefixLength) {
        byte[] d = destination.getAddress();
        checkPrefix(d, prefixLength);
        return new MessageWriter(RTM_NEWROUTE, CREATE)
                .rtmsg(family(d), prefixLength, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_LINK, RTN_UNICAST)
                .bytes(RTA_DST, d).u32(RTA_OIF, oif).bytes();
    }

    /**
     * Deletes the route addDeviceRoute made (`ip route del unicast D/P dev O proto boot scope link
     * table main`): the same rtmsg, so the kernel deletes only a route matching all of it, as LXC's
     * lxc_ip_route_dest with RTM_DELROUTE.
     */
    static byte[] deleteDeviceRoute(int oif, InetAddress destination, int prefixLength) {
        byte[] d = destination.getAddress();
        checkPrefix(d, prefixLength);
        return new MessageWriter(RTM_DELROUTE, CHANGE)
                .rtmsg(family(d), prefixLength, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_LINK, RTN_UNICAST)
                .bytes(RTA_DST, d).u32(RTA_OIF, oif).bytes();
    }

    /**
     * A proxy neighbour entry (`ip neigh add proxy DST dev D`): the device answers ARP/NDP for dst,
     * LXC's l2proxy and veth router mode gateways. State NUD_PERMANENT as iproute2 sends it (LXC
     * sends 0; the kernel ignores the state of a proxy entry).
     */
    static byte[] addNeighProxy(int index, InetAddress destination) {
        return neighProxy(RTM_NEWNEIGH, CREATE, index, destination);
    }

    /** `ip neigh del proxy DST dev D`. */
    static byte[] deleteNeighProxy(int index, InetAddress destination) {
        return neighProxy(RTM_DELNEIGH, CHANGE, index, destination);
    }

    private static byte[] neighProxy(int type, int flags, int index, InetAddress destination) {
        byte[] d = destination.getAddress();
        return new MessageWriter(type, flags).ndmsg(family(d), index, NUD_PERMANENT, NTF_PROXY, 0)
                .bytes(NDA_DST, d).bytes();
    }

    private static int family(byte[] address) {
        return address.length == 4 ? AF_INET : AF_INET6;
    }

    private static void checkPrefix(byte[] address, int prefixLength) {
        if (prefixLength < 0 || prefixLength > address.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is out of range for "
                    + (address.length == 4 ? "IPv4" : "IPv6"));
        }
    }

    /** "00:16:3e:aa:bb:cc" to its 6 bytes. */
    static byte[] parseMac(String mac) {
        String[] parts = mac.split(":");
        if (parts.length != 6) throw new IllegalArgumentException("not a MAC address: " + mac);
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].length() != 2) throw new IllegalArgumentException("not a MAC address: " + mac);
            try {
                out[i] = (byte) Integer.parseInt(parts[i], 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: " + mac);
            }
        }
        return out;
    }
}
