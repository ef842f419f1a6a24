package org.jlxc.linux.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jlxc.linux.Errno;
import org.jlxc.linux.ErrnoException;

/**
 * The kernel's rtnetlink operations jlxc needs, one method each, on one {@link NetlinkSocket}
 * (so in that socket's network namespace). Devices are named by index except where the kernel
 * itself takes a name (creation, rename, lookup). Failures throw {@link NetlinkException} naming
 * the operation and the device; ErrnoException is for the socket itself failing.
 */
public final class RtNetlink {
    /** EOPNOTSUPP: what RTM_NEWLINK answers for a kind with no driver ("Unknown device type"). */
    private static final int EOPNOTSUPP = 95;
    /** What a kernel built without CONFIG_BRIDGE_VLAN_FILTERING lacks: it answers VLAN requests with EOPNOTSUPP. */
    static final String BRIDGE_VLAN_FEATURE = "bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING)";

    private final NetlinkSocket socket;

    public RtNetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    // ---- links: create

    /** A veth pair; the peer is created directly in peerNetns when given (else next to name). */
    public void createVeth(String name, String peer, NetnsRef peerNetns) throws NetlinkException, ErrnoException {
        create(Requests.createVeth(name, peer, peerNetns), "veth", name + " (peer " + peer + ")");
    }

    /**
     * A veth pair with queue counts (LXC's veth.n_rxqueues / veth.n_txqueues, null: not sent, the
     * kernel's default). The counts are the peer's, the container's end; name gets them crossed
     * (receive = the peer's transmit), as LXC's lxc_veth_create.
     */
    public void createVeth(String name, String peer, NetnsRef peerNetns, Integer rxQueues, Integer txQueues)
            throws NetlinkException, ErrnoException {
        create(Requests.createVeth(name, peer, peerNetns, rxQueues, txQueues), "veth", name + " (peer " + peer + ")");
    }

    public void createMacvlan(String name, int link, MacvlanMode mode) throws NetlinkException, ErrnoException {
        create(Requests.createMacvlan(name, link, mode), "macvlan", name);
    }

    public void createIpvlan(String name, int link, IpvlanMode mode, IpvlanIsolation isolation)
            throws NetlinkException, ErrnoException {
        create(Requests.createIpvlan(name, link, mode, isolation), "ipvlan", name);
    }

    public void createVlan(String name, int link, int id) throws NetlinkException, ErrnoException {
        create(Requests.createVlan(name, link, id), "vlan", name);
    }

    public void createBridge(String name) throws NetlinkException, ErrnoException {
        create(Requests.createSimple(name, "bridge"), "bridge", name);
    }

    public void createDummy(String name) throws NetlinkException, ErrnoException {
        create(Requests.createSimple(name, "dummy"), "dummy", name);
    }

    private void create(byte[] request, String kind, String object) throws NetlinkException, ErrnoException {
        try {
            socket.request(request, "create " + kind + " link", object);
        } catch (NetlinkException e) {
            // The kernel answers a kind it has no driver for with EOPNOTSUPP ("Unknown device type");
            // the module may be missing or not built. Say which, rather than "Operation not supported".
            if (e.errno() == EOPNOTSUPP) throw e.withMissingFeature(feature(kind));
            throw e;
        }
    }

    /** The kernel feature behind a link kind, for the error when it is missing. */
    static String feature(String kind) {
        String module = kind.equals("vlan") ? "8021q" : kind;
        return "'" + kind + "' link type (kernel module " + module + ")";
    }

    // ---- links: change

    public void delete(int index) throws NetlinkException, ErrnoException {
        socket.request(Requests.delete(index), "delete link", name(index));
    }

    public void setUp(int index, boolean up) throws NetlinkException, ErrnoException {
        socket.request(Requests.setUp(index, up), up ? "set link up" : "set link down", name(index));
    }

    public void setName(int index, String name) throws NetlinkException, ErrnoException {
        socket.request(Requests.setName(index, name), "rename link", name(index) + " to " + name);
    }

    public void setMtu(int index, int mtu) throws NetlinkException, ErrnoException {
        socket.request(Requests.setMtu(index, mtu), "set mtu " + mtu, name(index));
    }

    /** mac as "00:16:3e:aa:bb:cc". */
    public void setHwaddr(int index, String mac) throws NetlinkException, ErrnoException {
        socket.request(Requests.setHwaddr(index, Requests.parseMac(mac)), "set hwaddr " + mac, name(index));
    }

    /** Attaches the device to bridge (0: detaches it). */
    public void setMaster(int index, int bridge) throws NetlinkException, ErrnoException {
        socket.request(Requests.setMaster(index, bridge), "attach to bridge " + bridge, name(index));
    }

    public void moveToNetns(int index, NetnsRef netns) throws NetlinkException, ErrnoException {
        socket.request(Requests.moveToNetns(index, netns), "move link to network namespace " + netns, name(index));
    }

    /** Moves the device to netns under a new name there (LXC's transient names; a NIC given back). */
    public void moveToNetns(int index, NetnsRef netns, String name) throws NetlinkException, ErrnoException {
        socket.request(Requests.moveToNetns(index, netns, name),
                "move link to network namespace " + netns + " as " + name, name(index));
    }

    // ---- bridge VLANs (LXC's veth.vlan.id, veth.vlan.tagged.id on a bridge with vlan_filtering)

    /**
     * Adds VLAN vid to bridge port portIndex: as its PVID, untagged (pvidUntagged), or tagged. The
     * kernel answers EOPNOTSUPP for a device on no bridge, and for a port when it was built without
     * bridge VLAN filtering: then the exception's missingFeature names that.
     */
    public void bridgeVlanAdd(int portIndex, int vid, boolean pvidUntagged) throws NetlinkException, ErrnoException {
        bridgeVlan(Requests.bridgeVlanAdd(portIndex, vid, pvidUntagged),
                "add bridge vlan " + vid + (pvidUntagged ? " pvid untagged" : ""), portIndex);
    }

    /** Removes VLAN vid from bridge port portIndex (LXC removes the bridge's default PVID so). */
    public void bridgeVlanDelete(int portIndex, int vid) throws NetlinkException, ErrnoException {
        bridgeVlan(Requests.bridgeVlanDelete(portIndex, vid), "delete bridge vlan " + vid, portIndex);
    }

    private void bridgeVlan(byte[] request, String operation, int portIndex) throws NetlinkException, ErrnoException {
        try {
            socket.request(request, operation, name(portIndex));
        } catch (NetlinkException e) {
            // EOPNOTSUPP is both "not a bridge port" and "no VLAN filtering in this kernel": tell them apart
            if (e.errno() == EOPNOTSUPP && isBridgePort(portIndex)) throw e.withMissingFeature(BRIDGE_VLAN_FEATURE);
            throw e;
        }
    }

    /**
     * Whether bridge index filters by VLAN (IFLA_BR_VLAN_FILTERING; sysfs bridge/vlan_filtering):
     * LXC refuses veth.vlan.id on a bridge without it. NetlinkException (EINVAL) when index is not a bridge.
     */
    public boolean bridgeVlanFiltering(int index) throws NetlinkException, ErrnoException {
        return bridgeInfoData(index).u8(Uapi.IFLA_BR_VLAN_FILTERING, 0) != 0;
    }

    /**
     * The VLAN bridge index gives new ports as PVID (IFLA_BR_VLAN_DEFAULT_PVID; sysfs
     * bridge/default_pvid), 0 when there is none: a kernel without VLAN filtering reports none.
     * LXC deletes it from the port before adding veth.vlan.id when the two differ.
     */
    public int bridgeDefaultPvid(int index) throws NetlinkException, ErrnoException {
        return bridgeInfoData(index).u16(Uapi.IFLA_BR_VLAN_DEFAULT_PVID, 0);
    }

    private boolean isBridgePort(int index) throws ErrnoException {
        try {
            List<NetlinkMessage> answer = socket.request(Requests.getLink(index), "get link", name(index));
            return !answer.isEmpty() && decodeLink(answer.get(0)).master() != 0;
        } catch (NetlinkException e) {
            return false;
        }
    }

    private Attributes bridgeInfoData(int index) throws NetlinkException, ErrnoException {
        List<NetlinkMessage> answer = socket.request(Requests.getLink(index), "get bridge", name(index));
        if (answer.isEmpty()) throw new NetlinkException("get bridge", name(index), Errno.ENODEV, null, null);
        Attributes info = answer.get(0).attributes(Uapi.IFINFOMSG_LEN).nested(Uapi.IFLA_LINKINFO);
        String kind = info.string(Uapi.IFLA_INFO_KIND);
        if (!"bridge".equals(kind)) {
            throw new NetlinkException("get bridge", name(index), Errno.EINVAL,
                    kind == null ? "not a bridge" : "not a bridge but a " + kind, null);
        }
        return info.nested(Uapi.IFLA_INFO_DATA);
    }

    // ---- neighbours: proxy entries (LXC's l2proxy, veth router mode gateways)

    /** `ip neigh add proxy DST dev D`: device index answers ARP (IPv4) or NDP (IPv6) for dst. */
    public void addNeighProxy(int index, InetAddress dst) throws NetlinkException, ErrnoException {
        socket.request(Requests.addNeighProxy(index, dst), "add neighbour proxy " + dst.getHostAddress(), name(index));
    }

    /** `ip neigh del proxy DST dev D`; ENOENT when there is no such entry. */
    public void deleteNeighProxy(int index, InetAddress dst) throws NetlinkException, ErrnoException {
        socket.request(Requests.deleteNeighProxy(index, dst), "delete neighbour proxy " + dst.getHostAddress(),
                name(index));
    }

    // ---- links: read

    /** The device called name, if this namespace has one. */
    public Optional<Link> link(String name) throws NetlinkException, ErrnoException {
        try {
            List<NetlinkMessage> answer = socket.request(Requests.getLink(name), "get link", name);
            return answer.isEmpty() ? Optional.empty() : Optional.of(decodeLink(answer.get(0)));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) return Optional.empty();
            throw e;
        }
    }

    /** The index of the device called name; NetlinkException (ENODEV) naming it when there is none. */
    public int index(String name) throws NetlinkException, ErrnoException {
        Optional<Link> l = link(name);
        if (l.isEmpty()) throw new NetlinkException("get link", name, Errno.ENODEV, null, null);
        return l.get().index();
    }

    public List<Link> links() throws NetlinkException, ErrnoException {
        List<Link> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(Requests.dumpLinks(), "dump links")) {
            if (m.type() == Uapi.RTM_NEWLINK) out.add(decodeLink(m));
        }
        return out;
    }

    /** Every address of this namespace, in the kernel's dump order (IPv4 ones first, as getifaddrs lists them). */
    public List<Address> addresses() throws NetlinkException, ErrnoException {
        List<Address> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(Requests.dumpAddresses(), "dump addresses")) {
            if (m.type() == Uapi.RTM_NEWADDR) out.add(decodeAddress(m));
        }
        return out;
    }

    /** The addresses of device index (IPv4 and IPv6). */
    public List<Address> addresses(int index) throws NetlinkException, ErrnoException {
        List<Address> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(Requests.dumpAddresses(), "dump addresses")) {
            if (m.type() != Uapi.RTM_NEWADDR) continue;
            Address a = decodeAddress(m);
            if (a.index() == index) out.add(a);
        }
        return out;
    }

    // ---- addresses and routes

    public void addAddress(int index, InetAddress address, int prefixLength, InetAddress broadcast)
            throws NetlinkException, ErrnoException {
        socket.request(Requests.addAddress(index, address, prefixLength, broadcast),
                "add address " + address.getHostAddress() + "/" + prefixLength, name(index));
    }

    /** The default route via gateway; oif 0 lets the kernel find the device. */
    public void addDefaultRoute(InetAddress gateway, int oif) throws NetlinkException, ErrnoException {
        socket.request(Requests.addDefaultRoute(gateway, oif), "add default route via " + gateway.getHostAddress(),
                oif == 0 ? null : name(oif));
    }

    public void addDeviceRoute(int oif, InetAddress destination, int prefixLength) throws NetlinkException, ErrnoException {
        socket.request(Requests.addDeviceRoute(oif, destination, prefixLength),
                "add route to " + destination.getHostAddress() + "/" + prefixLength, name(oif));
    }

    /** Deletes a route addDeviceRoute made (same scope, protocol and table); ESRCH when there is none. */
    public void deleteDeviceRoute(int oif, InetAddress dst, int prefix) throws NetlinkException, ErrnoException {
        socket.request(Requests.deleteDeviceRoute(oif, dst, prefix),
                "delete route to " + dst.getHostAddress() + "/" + prefix, name(oif));
    }

    // ---- decoding

    static Link decodeLink(NetlinkMessage m) {
        ByteBuffer p = m.payload();
        int index = p.getInt(4);
        int flags = p.getInt(8);
        Attributes a = m.attributes(Uapi.IFINFOMSG_LEN);
        byte[] mac = a.bytes(Uapi.IFLA_ADDRESS);
        return new Link(index, a.string(Uapi.IFLA_IFNAME), a.nested(Uapi.IFLA_LINKINFO).string(Uapi.IFLA_INFO_KIND),
                flags, a.u32(Uapi.IFLA_MTU, 0), mac == null ? null : formatMac(mac), a.u32(Uapi.IFLA_MASTER, 0),
                a.u32(Uapi.IFLA_LINK, 0));
    }

    static Address decodeAddress(NetlinkMessage m) {
        ByteBuffer p = m.payload();
        int prefix = Byte.toUnsignedInt(p.get(1));
        int scope = Byte.toUnsignedInt(p.get(3));
        int index = p.getInt(4);
        Attributes a = m.attributes(Uapi.IFADDRMSG_LEN);
        // IFA_LOCAL is the address itself; IFA_ADDRESS is the peer's on point-to-point links (IPv4)
        byte[] local = a.bytes(Uapi.IFA_LOCAL);
        byte[] addr = local != null ? local : a.bytes(Uapi.IFA_ADDRESS);
        byte[] brd = a.bytes(Uapi.IFA_BROADCAST);
        return new Address(index, inet(addr), prefix, scope, brd == null ? null : inet(brd));
    }

    private static InetAddress inet(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw); // raw bytes: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException("kernel gave an address of " + raw.length + " bytes", e);
        }
    }

    static String formatMac(byte[] mac) {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }

    /** "#index" for messages: a name lookup per error would need the socket that just failed. */
    private static String name(int index) {
        return "link #" + index;
    }
}
