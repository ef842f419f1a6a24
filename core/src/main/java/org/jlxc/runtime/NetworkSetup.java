package org.jlxc.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.jlxc.config.ContainerConfig;
import org.jlxc.config.Origin;
import org.jlxc.linux.ErrnoException;
import org.jlxc.linux.NetSysctl;
import org.jlxc.linux.netlink.Address;
import org.jlxc.linux.netlink.IpvlanIsolation;
import org.jlxc.linux.netlink.IpvlanMode;
import org.jlxc.linux.netlink.Link;
import org.jlxc.linux.netlink.MacvlanMode;
import org.jlxc.linux.netlink.NetlinkException;
import org.jlxc.linux.netlink.NetlinkSocket;
import org.jlxc.linux.netlink.NetnsRef;
import org.jlxc.linux.netlink.RtNetlink;
import org.jlxc.net.Gateway;
import org.jlxc.net.Interface;
import org.jlxc.net.Ipv4Address;
import org.jlxc.net.Ipv4Route;
import org.jlxc.net.Ipv6Address;
import org.jlxc.net.NetDevice;
import org.jlxc.net.NetScripts;
import org.jlxc.net.NetworkPlan;
import org.jlxc.plan.HookCommand;

/**
 * Builds a container's network while its child waits between clone and its own setup (LXC's
 * lxc_create_network + lxc_network_move_created_netdev_priv on the host, then
 * lxc_setup_network_in_child_namespaces inside). On the host, in config order: a veth pair is made
 * with its container end born in init's network namespace; a macvlan, ipvlan or vlan is made on
 * its link and moved in; a {@code phys} NIC is moved in under a transient name; each network's
 * up script runs once its device is made. Then each device is configured through a netlink socket
 * opened in that namespace. Java does the inside part too, so the child needs no network code and
 * no second round trip.
 *
 * <p>Between {@link #setUp} and {@link #committed} or {@link #abort} this object holds both
 * sockets: the inside one keeps the container's namespace alive, so that a start failing later
 * can still give a lent NIC back. A failure in here undoes everything made so far and names the
 * device, the config key with its line, and the kernel's answer. What the stop must undo goes to
 * the runtime directory ({@link NetworkTeardown}).
 */
final class NetworkSetup {
    private final ContainerConfig config;
    private final NetworkPlan plan;
    private final HookCommand.Context hookContext;
    private final RuntimeDir dir;
    private final Consumer<String> warnings;

    private NetlinkSocket hostSocket;
    private NetlinkSocket insideSocket;
    /** Made on the host and not yet moved in: they would outlive the container's namespace. */
    private final List<String> onHost = new ArrayList<>();
    /** What the end of the run undoes, by network index, in config order. */
    private final Map<Integer, NetworkTeardown.Device> undo = new java.util.TreeMap<>();

    NetworkSetup(ContainerConfig config, NetworkPlan plan, HookCommand.Context hookContext, RuntimeDir dir,
                 Consumer<String> warnings) {
        this.config = config;
        this.plan = plan;
        this.hookContext = hookContext;
        this.dir = dir;
        this.warnings = warnings;
    }

    /**
     * Whether there is anything to do: a config with only none, none at all, or only empty
     * networks without flags = up or scripts needs nothing (and no netlink socket, whose FFM
     * set-up costs a start ~40 ms).
     */
    boolean needed() {
        if (plan.sharesHostNetwork()) return false;
        for (NetDevice d : plan.containerSetupOrder()) {
            Interface i = d.iface();
            if (!(d instanceof NetDevice.Empty) || i.up() || i.scriptUp() != null || i.scriptDown() != null) return true;
        }
        return false;
    }

    /**
     * Whether the end of a run needs Java for the network: a NIC to give back, a down script
     * to run, l2proxy entries to remove (else the devices simply go with the container's namespace, and a daemon's shim can
     * do the post-stop work alone).
     */
    static boolean needsTeardown(NetworkPlan plan) {
        if (plan.sharesHostNetwork()) return false;
        for (NetDevice d : plan.devices()) {
            Interface i = d.iface();
            if (d instanceof NetDevice.Phys || (i != null && (i.scriptDown() != null || i.l2proxy()))) return true;
        }
        return false;
    }

    /** What the host side decided for a device, for the inside: its MTU and resolved gateways. */
    private record Prepared(NetDevice device, Integer mtu, InetAddress ipv4Auto, InetAddress ipv6Auto) {}

    /** Sets up every network of the plan for the child initPid (in its new network namespace). */
    void setUp(int initPid) throws StartException {
        try {
            hostSocket = NetlinkSocket.open();
            RtNetlink host = new RtNetlink(hostSocket);
            // Open from the start: a NIC moved in is found there at once, and given back on failure.
            insideSocket = NetlinkSocket.openIn(initPid);
            RtNetlink inside = new RtNetlink(insideSocket);
            Map<Integer, Prepared> prepared = new HashMap<>();
            // As LXC's lxc_create_network_priv: in config order, each device made, then its up script.
            for (NetDevice d : plan.devices()) {
                if (d instanceof NetDevice.None) continue;
                // As LXC: the proxy entries first (lxc_setup_l2proxy), then the device.
                if (d.iface().l2proxy() && d.link() != null) l2proxy(host, d);
                Prepared p = makeOnHost(host, d, initPid);
                prepared.put(d.index(), p);
                HookCommand down = NetScripts.down(d, config, hookContext);
                if (down != null) amend(d, u -> u.withDown(down));
                HookCommand up = NetScripts.up(d, config, hookContext);
                if (up != null) Hooks.runForStart(List.of(up));
                if (d instanceof NetDevice.Phys ph) moveNicIn(host, inside, ph, initPid);
                else if (!(d instanceof NetDevice.Veth) && !(d instanceof NetDevice.Empty)) moveIn(host, d, initPid);
            }
            for (NetDevice d : plan.containerSetupOrder()) {
                configureInside(inside, prepared.get(d.index()));
            }
            // Also now, not only at RUNNING: a start killed from here on leaves its shim's
            // post-stop work (or the next tool) the record of what to give back.
            new NetworkTeardown(null, null, List.copyOf(undo.values())).save(dir);
        } catch (StartException e) {
            abort();
            throw e;
        } catch (ErrnoException e) {
            abort();
            throw new StartException("network setup: netlink socket: " + e.getMessage(), e);
        } catch (IOException e) {
            abort();
            throw new StartException("network setup: cannot write " + NetworkTeardown.file(dir) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The container runs: what the stop must undo is saved with the namespace the shim keeps
     * (from {@code namespaces}, the shim's "TYPE:/proc/PID/fd/N" list), and the sockets close.
     */
    void committed(List<String> namespaces) {
        if (hostSocket == null) return;
        String netns = namespaces.stream().filter(s -> s.startsWith("net:")).map(s -> s.substring(4))
                .findFirst().orElse(null);
        // As LXC's lxc_expose_namespace_environment: the down scripts get LXC_NET_NS and the others.
        List<String> env = Hooks.namespaceEnv(namespaces);
        List<NetworkTeardown.Device> devices = undo.values().stream()
                .map(d -> d.down() == null ? d : d.withDown(d.down().withEnv(env))).toList();
        try {
            new NetworkTeardown(netns, netns == null ? null : NetworkTeardown.namespaceId(netns), devices).save(dir);
        } catch (IOException e) {
            warnings.accept("network: the stop will not find the container's network namespace: " + e.getMessage());
        }
        close();
    }

    /** The start failed: undo everything now, while the container's namespace is still held. */
    void abort() {
        if (hostSocket == null) return;
        RtNetlink host = new RtNetlink(hostSocket);
        for (String name : onHost) {
            try {
                Optional<Link> l = host.link(name);
                if (l.isPresent()) host.delete(l.get().index());
            } catch (NetlinkException | ErrnoException e) {
                warnings.accept("network: cannot delete " + name + ": " + e.getMessage());
            }
        }
        onHost.clear();
        NetworkTeardown.undo(insideSocket == null ? null : new RtNetlink(insideSocket), host,
                List.copyOf(undo.values()), warnings);
        undo.clear();
        try {
            Files.deleteIfExists(NetworkTeardown.file(dir));
        } catch (IOException e) {
            warnings.accept("network: cannot remove " + NetworkTeardown.file(dir) + ": " + e.getMessage());
        }
        close();
    }

    private void close() {
        if (insideSocket != null) insideSocket.close();
        if (hostSocket != null) hostSocket.close();
        insideSocket = null;
        hostSocket = null;
    }

    private Prepared makeOnHost(RtNetlink host, NetDevice d, int initPid) throws StartException, ErrnoException {
        if (d instanceof NetDevice.Veth v) return createVeth(host, v, initPid);
        if (d instanceof NetDevice.Phys p) return new Prepared(p, p.iface().mtu(), null, null);
        if (d instanceof NetDevice.Empty) return new Prepared(d, null, null, null);
        return createOnLink(host, d);
    }

    private Prepared createVeth(RtNetlink host, NetDevice.Veth v, int initPid) throws StartException, ErrnoException {
        Interface i = v.iface();
        Integer mtu = i.mtu();
        Link bridge = null;
        InetAddress v4Auto = null;
        InetAddress v6Auto = null;
        boolean bridged = v.mode() == NetDevice.VethMode.BRIDGE && v.link() != null;
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
                // netdev_configure_server_veth: without lxc.net.N.mtu both ends take the link's.
                if (mtu == null) mtu = l.get().mtu();
                if (bridged) bridge = l.get();
                if (i.ipv4Gateway() instanceof Gateway.Auto) v4Auto = firstAddress(host, l.get(), false, v, "ipv4.gateway");
                if (i.ipv6Gateway() instanceof Gateway.Auto) v6Auto = firstAddress(host, l.get(), true, v, "ipv6.gateway");
            }
        } catch (NetlinkException e) {
            throw fail(v, "link", e);
        }
        try {
            host.createVeth(v.pair(), v.peer(), NetnsRef.ofPid(initPid), v.rxQueues(), v.txQueues());
        } catch (NetlinkException e) {
            throw fail(v, v.rxQueues() != null || v.txQueues() != null ? queuesKey(v) : v.pairGiven() ? "veth.pair" : "type", e);
        }
        // The pair goes with the namespace, but the host end is deleted at once (LXC does it too).
        amend(v, u -> u.withHostVeth(v.pair()));
        String sub = "type";
        try {
            Link end = host.link(v.pair()).orElseThrow(() -> new StartException("veth " + v.pair()
                    + " vanished right after its creation (" + keyAt(v, "type") + ")"));
            if (end.mac() != null) {
                // As LXC: a host end whose MAC starts with fe never becomes the lowest on the
                // bridge, so the bridge keeps its own address as containers come and go.
                host.setHwaddr(end.index(), "fe" + end.mac().substring(2));
            }
            if (mtu != null) host.setMtu(end.index(), mtu);
            if (bridge != null) {
                // As LXC: no link-local IPv6 address on a bridge port (it would talk on the bridge).
                disableIpv6(v.pair());
                sub = "link";
                host.setMaster(end.index(), bridge.index());
                bridgeVlans(host, v, bridge, end.index());
            }
            sub = "type";
            host.setUp(end.index(), true);
            // veth.ipv4.route / veth.ipv6.route: host routes to the container through its veth, in either mode.
            sub = "veth.ipv4.route";
            for (Ipv4Route r : v.ipv4Routes()) {
                host.addDeviceRoute(end.index(), literal(r.destination(), v, sub), r.prefix());
            }
            sub = "veth.ipv6.route";
            for (Ipv6Address r : v.ipv6Routes()) {
                host.addDeviceRoute(end.index(), literal(r.address(), v, sub), r.prefix());
            }
            if (v.mode() == NetDevice.VethMode.ROUTER) {
                // Router mode: the host answers for the container's gateways on its veth and
                // forwards for it; its own addresses are routed to the veth (LXC's setup_ipv4_addr_routes).
                sub = "ipv4.gateway";
                InetAddress gw4 = routerGateway(i.ipv4Gateway(), v4Auto, v, sub);
                if (gw4 != null) {
                    setSysctl(v, sub, false, v.pair(), "forwarding");
                    host.addNeighProxy(end.index(), gw4);
                }
                sub = "ipv6.gateway";
                InetAddress gw6 = routerGateway(i.ipv6Gateway(), v6Auto, v, sub);
                if (gw6 != null) {
                    if (!NetSysctl.isOn(true, "all", "forwarding")) {
                        throw fail(v, sub, "veth.mode = router with an IPv6 gateway needs sysctl net.ipv6.conf.all.forwarding=1");
                    }
                    setSysctl(v, sub, true, v.pair(), "forwarding");
                    setSysctl(v, sub, true, v.pair(), "proxy_ndp");
                    host.addNeighProxy(end.index(), gw6);
                }
                sub = "ipv4.address";
                for (Ipv4Address a : i.ipv4()) host.addDeviceRoute(end.index(), literal(a.address(), v, sub), 32);
                sub = "ipv6.address";
                for (Ipv6Address a : i.ipv6()) host.addDeviceRoute(end.index(), literal(a.address(), v, sub), 128);
            }
        } catch (NetlinkException e) {
            throw fail(v, sub, e);
        }
        return new Prepared(v, mtu, v4Auto, v6Auto);
    }

    /** /proc/sys/net/ipv6/conf/NAME/disable_ipv6 = 1; a host without IPv6 has no such file, which is fine. */
    private static void disableIpv6(String name) throws StartException {
        try {
            NetSysctl.set(true, name, "disable_ipv6", "1");
        } catch (NoSuchFileException e) {
            // no IPv6 on this host
        } catch (IOException e) {
            throw new StartException("network: cannot disable IPv6 on " + name + " ("
                    + NetSysctl.path(true, name, "disable_ipv6") + "): " + e.getMessage(), e);
        }
    }

    /**
     * A macvlan, ipvlan or vlan, made on its link under its transient name (LXC's
     * netdev_configure_server_*): it is moved in after its up script and dies with the namespace.
     * A kernel without the type says so (RtNetlink names the missing module).
     */
    private Prepared createOnLink(RtNetlink host, NetDevice d) throws StartException, ErrnoException {
        Interface i = d.iface();
        String link = d.link();
        Link lower;
        InetAddress v4Auto = null;
        InetAddress v6Auto = null;
        try {
            lower = host.link(link).orElseThrow(() -> fail(d, "link", "no device \"" + link + "\" on the host"));
            if (i.ipv4Gateway() instanceof Gateway.Auto) v4Auto = firstAddress(host, lower, false, d, "ipv4.gateway");
            if (i.ipv6Gateway() instanceof Gateway.Auto) v6Auto = firstAddress(host, lower, true, d, "ipv6.gateway");
        } catch (NetlinkException e) {
            throw fail(d, "link", e);
        }
        String name = d.createdName();
        try {
            if (d instanceof NetDevice.Macvlan m) {
                host.createMacvlan(name, lower.index(), MacvlanMode.valueOf(upper(m.mode())));
            } else if (d instanceof NetDevice.Ipvlan p) {
                host.createIpvlan(name, lower.index(), IpvlanMode.valueOf(upper(p.mode())),
                        IpvlanIsolation.valueOf(upper(p.isolation())));
            } else {
                host.createVlan(name, lower.index(), ((NetDevice.Vlan) d).vlanId());
            }
        } catch (NetlinkException e) {
            throw fail(d, typeKey(d), e);
        }
        onHost.add(name);
        try {
            if (i.mtu() != null) host.setMtu(host.index(name), i.mtu());
        } catch (NetlinkException e) {
            throw fail(d, "mtu", e);
        }
        return new Prepared(d, null, v4Auto, v6Auto);
    }

    /** The sub-key behind a device's kind, for errors: its mode or id when set, else the type. */
    private String typeKey(NetDevice d) {
        String sub = d instanceof NetDevice.Macvlan ? "macvlan.mode" : d instanceof NetDevice.Ipvlan ? "ipvlan.mode"
                : "vlan.id";
        return config.originOf("lxc.net." + d.index() + "." + sub) != null ? sub : "type";
    }

    private void moveIn(RtNetlink host, NetDevice d, int initPid) throws StartException, ErrnoException {
        String name = d.createdName();
        try {
            host.moveToNetns(host.index(name), NetnsRef.ofPid(initPid));
        } catch (NetlinkException e) {
            throw fail(d, "type", e);
        }
        onHost.remove(name); // in the container now: it goes with the namespace
    }

    /**
     * A host NIC into the container under its transient name (netdev_configure_server_phys, then
     * lxc_network_move_created_netdev_priv), with what the way back needs: its index there, its
     * host index and MTU.
     */
    private void moveNicIn(RtNetlink host, RtNetlink inside, NetDevice.Phys p, int initPid)
            throws StartException, ErrnoException {
        Link nic;
        try {
            nic = host.link(p.link()).orElseThrow(() -> fail(p, "link", "no device \"" + p.link() + "\" on the host"));
            host.moveToNetns(nic.index(), NetnsRef.ofPid(initPid), p.transientName());
        } catch (NetlinkException e) {
            throw fail(p, "link", e);
        }
        // Until its index inside is known, the host's stands in (the kernel keeps it when it is free).
        amend(p, u -> u.withPhys(new NetworkTeardown.PhysNic(nic.index(), nic.index(), p.transientName(), p.link(),
                nic.mtu())));
        try {
            int index = inside.index(p.transientName());
            amend(p, u -> u.withPhys(new NetworkTeardown.PhysNic(index, nic.index(), p.transientName(), p.link(),
                    nic.mtu())));
        } catch (NetlinkException e) {
            throw fail(p, "link", e);
        }
    }

    private void amend(NetDevice d, java.util.function.UnaryOperator<NetworkTeardown.Device> change) {
        undo.put(d.index(), change.apply(undo.getOrDefault(d.index(), NetworkTeardown.Device.of(key(d)))));
    }

    private static String queuesKey(NetDevice.Veth v) {
        return v.rxQueues() != null ? "veth.n_rxqueues" : "veth.n_txqueues";
    }

    /** The gateway a router-mode veth answers for: an address, auto's, or none (dev, unset). */
    private static InetAddress routerGateway(Gateway g, InetAddress auto, NetDevice d, String sub) {
        if (g instanceof Gateway.Via via) return InetAddress.ofLiteral(via.address());
        return g instanceof Gateway.Auto ? auto : null;
    }

    private void setSysctl(NetDevice d, String sub, boolean ipv6, String device, String name) throws StartException {
        try {
            NetSysctl.set(ipv6, device, name, "1");
        } catch (IOException e) {
            throw fail(d, sub, "cannot set " + NetSysctl.path(ipv6, device, name) + " to 1: " + e.getMessage());
        }
    }

    /**
     * veth.vlan.id and veth.vlan.tagged.id on the bridge port (LXC's setup_veth_native_bridge_vlan):
     * the bridge must filter by VLAN; the bridge's default PVID leaves the port unless it is the
     * untagged VLAN asked for ({@code none}: no untagged VLAN at all); then the untagged and the
     * tagged VLANs join it.
     */
    private void bridgeVlans(RtNetlink host, NetDevice.Veth v, Link bridge, int port)
            throws StartException, ErrnoException {
        if (v.untaggedVlan() == null && v.taggedVlans().isEmpty()) return;
        String sub = v.untaggedVlan() != null ? "veth.vlan.id" : "veth.vlan.tagged.id";
        try {
            if (!host.bridgeVlanFiltering(bridge.index())) {
                boolean kernelHasIt = Files.exists(Path.of("/sys/class/net", bridge.name(), "bridge", "vlan_filtering"));
                throw fail(v, sub, "vlan_filtering is not enabled on the bridge " + bridge.name() + (kernelHasIt
                        ? " (ip link set " + bridge.name() + " type bridge vlan_filtering 1)"
                        : ": this kernel has no bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING)"));
            }
            if (v.untaggedVlan() != null) {
                int vid = v.untaggedVlan().equals("none") ? 0 : Integer.parseInt(v.untaggedVlan());
                int pvid = host.bridgeDefaultPvid(bridge.index());
                if (pvid != 0 && pvid != vid) host.bridgeVlanDelete(port, pvid);
                if (vid > 0) host.bridgeVlanAdd(port, vid, true);
            }
            sub = "veth.vlan.tagged.id";
            for (int t : v.taggedVlans()) host.bridgeVlanAdd(port, t, false);
        } catch (NetlinkException e) {
            throw fail(v, sub, e);
        }
    }

    /**
     * lxc.net.N.l2proxy (LXC's lxc_setup_l2proxy): the host's link answers ARP/NDP for each of the
     * container's addresses, once the sysctls that make that work are set (checked, not set: they
     * are the host admin's); an ipvlan also needs l3s mode and a route to the loopback per address.
     */
    private void l2proxy(RtNetlink host, NetDevice d) throws StartException, ErrnoException {
        Interface i = d.iface();
        String link = d.link();
        try {
            int linkIndex = host.link(link).orElseThrow(() -> fail(d, "link", "no device \"" + link + "\" on the host"))
                    .index();
            if (!i.ipv4().isEmpty() && !NetSysctl.isOn(false, link, "forwarding")) {
                throw fail(d, "l2proxy", "needs sysctl net.ipv4.conf." + link + ".forwarding=1");
            }
            if (!i.ipv6().isEmpty() && !NetSysctl.isOn(true, link, "proxy_ndp")) {
                throw fail(d, "l2proxy", "needs sysctl net.ipv6.conf." + link + ".proxy_ndp=1");
            }
            if (!i.ipv6().isEmpty() && !NetSysctl.isOn(true, link, "forwarding")) {
                throw fail(d, "l2proxy", "needs sysctl net.ipv6.conf." + link + ".forwarding=1");
            }
            boolean ipvlan = d instanceof NetDevice.Ipvlan;
            if (ipvlan && !((NetDevice.Ipvlan) d).mode().equals("l3s")) {
                throw fail(d, "l2proxy", "with an ipvlan needs ipvlan.mode = l3s");
            }
            List<String> addresses = new ArrayList<>();
            i.ipv4().forEach(a -> addresses.add(a.address()));
            i.ipv6().forEach(a -> addresses.add(a.address()));
            for (String text : addresses) {
                InetAddress a = literal(text, d, text.contains(":") ? "ipv6.address" : "ipv4.address");
                // Recorded first: the undo takes a missing entry or route for done.
                amend(d, u -> u.withProxy(new NetworkTeardown.Proxy(link, text, ipvlan)));
                host.addNeighProxy(linkIndex, a);
                if (ipvlan) host.addDeviceRoute(host.index("lo"), a, a.getAddress().length * 8);
            }
        } catch (NetlinkException e) {
            throw fail(d, "l2proxy", e);
        }
    }

    /** The gateway "auto" stands for: the link's first address of the family (lxc_find_gateway_addresses). */
    private InetAddress firstAddress(RtNetlink host, Link link, boolean ipv6, NetDevice d, String sub)
            throws NetlinkException, ErrnoException, StartException {
        for (Address a : host.addresses(link.index())) {
            if (a.ipv6() == ipv6 && (!ipv6 || a.scope() == 0)) return a.address();
        }
        throw fail(d, sub, "auto: the link " + link.name() + " has no " + (ipv6 ? "global IPv6" : "IPv4") + " address");
    }

    private void configureInside(RtNetlink in, Prepared p) throws StartException, ErrnoException {
        NetDevice d = p.device();
        Interface i = d.iface();
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
        int index;
        String sub = "name";
        try {
            index = in.index(insideName(d));
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

    /** Its name in the container until the rename: a veth's peer, a NIC's transient name, a made device's. */
    private static String insideName(NetDevice d) {
        if (d instanceof NetDevice.Veth v) return v.peer();
        if (d instanceof NetDevice.Phys p) return p.transientName();
        return d.createdName();
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
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

    private static String key(NetDevice d) {
        return "lxc.net." + d.index();
    }

    /** "lxc.net.0.ipv4.address (FILE:LINE)": the line that set the key, else the network's first. */
    private String keyAt(NetDevice d, String sub) {
        String key = key(d) + "." + sub;
        Origin o = config.originOf(key);
        return key + " (" + (o != null ? o : d.origin()) + ")";
    }
}
