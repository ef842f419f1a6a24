package org.jlxc.runtime;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jlxc.config.ContainerConfig;
import org.jlxc.config.Origin;
import org.jlxc.linux.ErrnoException;
import org.jlxc.linux.netlink.Address;
import org.jlxc.linux.netlink.Link;
import org.jlxc.linux.netlink.MacvlanMode;
import org.jlxc.linux.netlink.NetlinkException;
import org.jlxc.linux.netlink.NetlinkSocket;
import org.jlxc.linux.netlink.NetnsRef;
import org.jlxc.linux.netlink.RtNetlink;
import org.jlxc.net.Gateway;
import org.jlxc.net.Interface;
import org.jlxc.net.Ipv4Address;
import org.jlxc.net.Ipv6Address;
import org.jlxc.net.NetDevice;
import org.jlxc.net.NetworkPlan;

/**
 * Builds a container's network while its child waits between clone and its own setup (LXC's
 * lxc_create_network + lxc_network_move_created_netdev_priv on the host, then
 * lxc_setup_network_in_child_namespaces inside): veth pairs are made on the host with the
 * container's end born in init's network namespace, then each device is configured through a
 * netlink socket opened in that namespace. Java does the inside part too, so the child needs no
 * network code and no second round trip.
 *
 * <p>A failure removes the host ends made so far (which takes their container ends with them) and
 * names the device, the config key with its line, and the kernel's answer.
 */
final class NetworkSetup {
    private final ContainerConfig config;
    private final NetworkPlan plan;

    NetworkSetup(ContainerConfig config, NetworkPlan plan) {
        this.config = config;
        this.plan = plan;
    }

    /**
     * Whether there is anything to do: a config with only none, none at all, or only empty
     * networks without flags = up needs nothing (and no netlink socket, whose FFM set-up costs
     * a start ~40 ms).
     */
    boolean needed() {
        if (plan.sharesHostNetwork()) return false;
        for (NetDevice d : plan.containerSetupOrder()) {
            if (!(d instanceof NetDevice.Empty) || NetworkPlan.iface(d).up()) return true;
        }
        return false;
    }

    /** What the host side decided for a veth, for the inside: its MTU and resolved gateways. */
    private record Prepared(NetDevice device, Integer mtu, InetAddress ipv4Auto, InetAddress ipv6Auto) {}

    /** Sets up every network of the plan for the child initPid (in its new network namespace). */
    void setUp(int initPid) throws StartException {
        List<String> created = new ArrayList<>();
        try (NetlinkSocket hostSocket = NetlinkSocket.open()) {
            RtNetlink host = new RtNetlink(hostSocket);
            try {
                List<Prepared> prepared = new ArrayList<>();
                for (NetDevice d : plan.containerSetupOrder()) {
                    if (d instanceof NetDevice.Veth v) {
                        prepared.add(createVeth(host, v, initPid, created));
                    } else if (d instanceof NetDevice.Macvlan m) {
                        prepared.add(createMacvlan(host, m, initPid, created));
                    } else {
                        prepared.add(new Prepared(d, null, null, null));
                    }
                }
                try (NetlinkSocket insideSocket = NetlinkSocket.openIn(initPid)) {
                    RtNetlink inside = new RtNetlink(insideSocket);
                    for (Prepared p : prepared) {
                        configureInside(inside, p);
                    }
                }
            } catch (StartException e) {
                removeHostEnds(host, created);
                throw e;
            } catch (ErrnoException e) {
                removeHostEnds(host, created);
                throw new StartException("network setup: netlink socket: " + e.getMessage(), e);
            }
        } catch (ErrnoException e) {
            throw new StartException("network setup: cannot open a netlink socket: " + e.getMessage(), e);
        }
    }

    private Prepared createVeth(RtNetlink host, NetDevice.Veth v, int initPid, List<String> created)
            throws StartException, ErrnoException {
        Interface i = v.iface();
        Integer mtu = i.mtu();
        Link bridge = null;
        InetAddress v4Auto = null;
        InetAddress v6Auto = null;
        try {
            if (v.pairGiven()) {
                // A reboot may find the previous run's end still there: its namespace is freed
                // asynchronously by the kernel. Only a veth of that name is ours to remove.
                Optional<Link> old = host.link(v.pair());
                if (old.isPresent() && "veth".equals(old.get().kind())) host.delete(old.get().index());
            }
            if (v.link() != null) {
                Optional<Link> l = host.link(v.link());
                if (l.isEmpty()) {
                    throw fail(v, "link", "no device \"" + v.link() + "\" on the host");
                }
                bridge = l.get();
                // netdev_configure_server_veth: without lxc.net.N.mtu both ends take the link's.
                if (mtu == null) mtu = bridge.mtu();
                if (i.ipv4Gateway() instanceof Gateway.Auto) v4Auto = firstAddress(host, bridge, false, v, "ipv4.gateway");
                if (i.ipv6Gateway() instanceof Gateway.Auto) v6Auto = firstAddress(host, bridge, true, v, "ipv6.gateway");
            }
        } catch (NetlinkException e) {
            throw fail(v, "link", e);
        }
        try {
            host.createVeth(v.pair(), v.peer(), NetnsRef.ofPid(initPid));
        } catch (NetlinkException e) {
            throw fail(v, v.pairGiven() ? "veth.pair" : "type", e);
        }
        created.add(v.pair());
        try {
            Link end = host.link(v.pair()).orElseThrow(() -> new StartException("veth " + v.pair()
                    + " vanished right after its creation (" + keyAt(v, "type") + ")"));
            if (end.mac() != null) {
                // As LXC: a host end whose MAC starts with fe never becomes the lowest on the
                // bridge, so the bridge keeps its own address as containers come and go.
                host.setHwaddr(end.index(), "fe" + end.mac().substring(2));
            }
            if (mtu != null) host.setMtu(end.index(), mtu);
            if (bridge != null) host.setMaster(end.index(), bridge.index());
            host.setUp(end.index(), true);
        } catch (NetlinkException e) {
            throw fail(v, bridge != null ? "link" : "type", e);
        }
        return new Prepared(v, mtu, v4Auto, v6Auto);
    }

    /**
     * A macvlan on its link, made on the host under its transient name and moved into init's
     * namespace (netdev_configure_server_macvlan, then the move): it dies with that namespace.
     */
    private Prepared createMacvlan(RtNetlink host, NetDevice.Macvlan m, int initPid, List<String> created)
            throws StartException, ErrnoException {
        Interface i = m.iface();
        Link lower;
        InetAddress v4Auto = null;
        InetAddress v6Auto = null;
        try {
            lower = host.link(m.link()).orElseThrow(() -> fail(m, "link", "no device \"" + m.link() + "\" on the host"));
            if (i.ipv4Gateway() instanceof Gateway.Auto) v4Auto = firstAddress(host, lower, false, m, "ipv4.gateway");
            if (i.ipv6Gateway() instanceof Gateway.Auto) v6Auto = firstAddress(host, lower, true, m, "ipv6.gateway");
        } catch (NetlinkException e) {
            throw fail(m, "link", e);
        }
        try {
            host.createMacvlan(m.createdName(), lower.index(), MacvlanMode.valueOf(m.mode().toUpperCase(Locale.ROOT)));
        } catch (NetlinkException e) {
            throw fail(m, config.originOf("lxc.net." + m.index() + ".macvlan.mode") != null ? "macvlan.mode" : "type", e);
        }
        created.add(m.createdName());
        try {
            int index = host.index(m.createdName());
            if (i.mtu() != null) host.setMtu(index, i.mtu());
            host.moveToNetns(index, NetnsRef.ofPid(initPid));
        } catch (NetlinkException e) {
            throw fail(m, i.mtu() != null ? "mtu" : "type", e);
        }
        created.remove(m.createdName()); // in the container now: it goes with the namespace
        return new Prepared(m, null, v4Auto, v6Auto);
    }

    /** The gateway "auto" stands for: the bridge's first address of the family (lxc_find_gateway_addresses). */
    private InetAddress firstAddress(RtNetlink host, Link bridge, boolean ipv6, NetDevice d, String sub)
            throws NetlinkException, ErrnoException, StartException {
        for (Address a : host.addresses(bridge.index())) {
            if (a.ipv6() == ipv6 && (!ipv6 || a.scope() == 0)) return a.address();
        }
        throw fail(d, sub, "auto: the link " + bridge.name() + " has no " + (ipv6 ? "global IPv6" : "IPv4") + " address");
    }

    private void configureInside(RtNetlink in, Prepared p) throws StartException, ErrnoException {
        NetDevice d = p.device();
        Interface i = NetworkPlan.iface(d);
        if (d instanceof NetDevice.Empty) {
            // An empty network: only its loopback, up with flags = up (no network at all leaves it down, as LXC).
            if (i.up()) {
                try {
                    in.setUp(in.index("lo"), true);
                } catch (NetlinkException e) {
                    throw fail(d, "flags", e);
                }
            }
            return;
        }
        // Its name until the rename: a veth's peer, a macvlan's transient name.
        String current = d instanceof NetDevice.Veth v ? v.peer() : ((NetDevice.Macvlan) d).createdName();
        int index;
        String sub = "name";
        try {
            index = in.index(current);
            // "eth%d": the kernel takes the first free ethN (the named devices went first).
            in.setName(index, i.name());
            sub = "hwaddr";
            if (i.hwaddr() != null) in.setHwaddr(index, i.hwaddr().value());
            sub = "mtu";
            if (p.mtu() != null) in.setMtu(index, p.mtu());
        } catch (NetlinkException e) {
            throw fail(d, sub, e);
        }
        for (Ipv4Address a : i.ipv4()) {
            try {
                InetAddress brd = "0.0.0.0".equals(a.broadcast()) ? null : literal(a.broadcast(), d, "ipv4.address");
                in.addAddress(index, literal(a.address(), d, "ipv4.address"), a.prefix(), brd);
            } catch (NetlinkException e) {
                throw fail(d, "ipv4.address", e);
            }
        }
        for (Ipv6Address a : i.ipv6()) {
            try {
                in.addAddress(index, literal(a.address(), d, "ipv6.address"), a.prefix(), null);
            } catch (NetlinkException e) {
                throw fail(d, "ipv6.address", e);
            }
        }
        if (i.up()) {
            try {
                in.setUp(index, true);
                // As LXC (lxc_network_setup_in_child_namespaces_common): a device up brings the loopback up too.
                in.setUp(in.index("lo"), true);
            } catch (NetlinkException e) {
                throw fail(d, "flags", e);
            }
        }
        gateway(in, index, i.ipv4Gateway(), p.ipv4Auto(), false, d);
        gateway(in, index, i.ipv6Gateway(), p.ipv6Auto(), true, d);
    }

    private void gateway(RtNetlink in, int index, Gateway g, InetAddress auto, boolean ipv6, NetDevice d)
            throws StartException, ErrnoException {
        if (g == null) return;
        String sub = (ipv6 ? "ipv6" : "ipv4") + ".gateway";
        try {
            if (g instanceof Gateway.Dev) {
                in.addDeviceRoute(index, literal(ipv6 ? "::" : "0.0.0.0", d, sub), 0);
                return;
            }
            InetAddress via = g instanceof Gateway.Via v ? literal(v.address(), d, sub) : auto;
            try {
                in.addDefaultRoute(via, index);
            } catch (NetlinkException e) {
                // As LXC, whatever the error (IPv4 says ENETUNREACH, IPv6 EHOSTUNREACH): a gateway
                // outside the device's subnets gets a host route on the device, then one more try.
                in.addDeviceRoute(index, via, ipv6 ? 128 : 32);
                in.addDefaultRoute(via, index);
            }
        } catch (NetlinkException e) {
            throw fail(d, sub, e);
        }
    }

    /** Deletes what this start made on the host; each container end goes with its host end. */
    private static void removeHostEnds(RtNetlink host, List<String> created) {
        for (String name : created) {
            try {
                Optional<Link> l = host.link(name);
                if (l.isPresent()) host.delete(l.get().index());
            } catch (NetlinkException | ErrnoException e) {
                // the container's namespace dies with its child, which takes the pair with it
            }
        }
    }

    /** An address written in the config; never a name lookup. */
    private InetAddress literal(String text, NetDevice d, String sub) throws StartException {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw fail(d, sub, "not an IP address: \"" + text + "\"");
        }
    }

    private StartException fail(NetDevice d, String sub, NetlinkException e) {
        return new StartException("network " + keyAt(d, sub) + ": " + e.getMessage(), e);
    }

    private StartException fail(NetDevice d, String sub, String message) {
        return new StartException("network " + keyAt(d, sub) + ": " + message);
    }

    /** "lxc.net.0.ipv4.address (FILE:LINE)": the line that set the key, else the network's first. */
    private String keyAt(NetDevice d, String sub) {
        String key = "lxc.net." + d.index() + "." + sub;
        Origin o = config.originOf(key);
        return key + " (" + (o != null ? o : d.origin()) + ")";
    }
}
