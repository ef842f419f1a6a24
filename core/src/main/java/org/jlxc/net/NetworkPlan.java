package org.jlxc.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.jlxc.config.ConfigException;
import org.jlxc.config.ConfigLine;
import org.jlxc.config.ContainerConfig;
import org.jlxc.config.Network;
import org.jlxc.config.Origin;

/**
 * The networks a container's config asks for, checked and complete, in index order. Pure: the
 * random source resolves hwaddr placeholders and generated device names; nothing looks at the host.
 *
 * @param devices every {@code lxc.net.N}, in index order; empty when the config has no network
 */
public record NetworkPlan(List<NetDevice> devices) {
    /** LXC's alphabet for generated interface names (padchar, network.c). */
    private static final String PADCHAR = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** Sub-keys that belong to one type only: LXC refuses them on another (the set_config_net_* checks, confile.c). */
    private static final Map<String, String> TYPE_OF_KEY = Map.ofEntries(
            Map.entry("veth.pair", "veth"), Map.entry("veth.mode", "veth"),
            Map.entry("veth.ipv4.route", "veth"), Map.entry("veth.ipv6.route", "veth"),
            Map.entry("veth.vlan.id", "veth"), Map.entry("veth.vlan.tagged.id", "veth"),
            Map.entry("veth.n_rxqueues", "veth"), Map.entry("veth.n_txqueues", "veth"),
            Map.entry("macvlan.mode", "macvlan"), Map.entry("ipvlan.mode", "ipvlan"),
            Map.entry("ipvlan.isolation", "ipvlan"), Map.entry("vlan.id", "vlan"));

    public NetworkPlan {
        devices = List.copyOf(devices);
    }

    /**
     * Whether the container keeps the host's network namespace: every network is {@code none}.
     * A {@code none} among other types is ignored and the container gets a new namespace, as LXC 5's
     * lxc_requests_empty_network (network.c) decides; no network at all is a new, empty namespace.
     */
    public boolean sharesHostNetwork() {
        return !devices.isEmpty() && devices.stream().allMatch(d -> d instanceof NetDevice.None);
    }

    /**
     * The devices in the order the container's side configures them: those with a configured name
     * first, then those the kernel names {@code ethN}, each group in index order (as LXC's
     * lxc_setup_network_in_child_namespaces, so a configured {@code eth0} is not taken by a default).
     * {@code none} is left out.
     */
    public List<NetDevice> containerSetupOrder() {
        List<NetDevice> named = new ArrayList<>();
        List<NetDevice> kernel = new ArrayList<>();
        for (NetDevice d : devices) {
            Interface i = d.iface();
            if (i != null) {
                (i.kernelNamed() ? kernel : named).add(d);
            }
        }
        named.addAll(kernel);
        return named;
    }

    /**
     * Checks and completes the networks of {@code config}.
     *
     * @throws ConfigException naming the key and its line for a setting LXC would refuse
     */
    public static NetworkPlan of(ContainerConfig config, RandomGenerator random) throws ConfigException {
        List<NetDevice> out = new ArrayList<>();
        Map<String, Origin> containerNames = new HashMap<>();
        Map<String, Origin> hostNames = new HashMap<>();
        int vlanCounter = 0;
        for (Network n : config.networks()) {
            Builder b = new Builder(config, n);
            NetDevice d = b.build(random, vlanCounter);
            if (d instanceof NetDevice.Vlan) {
                vlanCounter++;
            }
            Interface i = d.iface();
            if (i != null && !i.kernelNamed()) {
                unique(containerNames, i.name(), b.origin("name"), b.key("name"), "inside the container");
            }
            if (d instanceof NetDevice.Veth v && v.pairGiven()) {
                unique(hostNames, v.pair(), b.origin("veth.pair"), b.key("veth.pair"), "on the host");
            }
            if (d instanceof NetDevice.Phys p) {
                unique(hostNames, p.link(), b.origin("link"), b.key("link"), "on the host");
            }
            out.add(d);
        }
        return new NetworkPlan(out);
    }

    private static void unique(Map<String, Origin> seen, String name, Origin origin, String key, String where)
            throws ConfigException {
        Origin before = seen.putIfAbsent(name, origin);
        if (before != null) {
            throw new ConfigException(origin, key, key + ": device name \"" + name + "\" " + where
                    + " is already used by another network (" + before + ")");
        }
    }

    /** A name from an LXC template: each {@code X} a random letter or digit (lxc_ifname_alnum_case_sensitive). */
    static String generatedName(String template, RandomGenerator random) {
        char[] c = template.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] == 'X') {
                c[i] = PADCHAR.charAt(random.nextInt(PADCHAR.length()));
            }
        }
        return new String(c);
    }

    /** Builds one network's record, with the key and line of each mistake. */
    private static final class Builder {
        private final ContainerConfig config;
        private final Network n;

        Builder(ContainerConfig config, Network n) {
            this.config = config;
            this.n = n;
        }

        String key(String sub) {
            return "lxc.net." + n.index() + "." + sub;
        }

        /** The line that set the sub-key, else the network's first line. */
        Origin origin(String sub) {
            Origin o = config.originOf(key(sub));
            return o != null ? o : n.origin();
        }

        ConfigException error(String sub, String message) {
            return new ConfigException(origin(sub), key(sub), key(sub) + ": " + message);
        }

        NetDevice build(RandomGenerator random, int vlanCounter) throws ConfigException {
            String type = n.type();
            if (type == null) {
                throw error("type", "missing: every network needs a type ("
                        + String.join(", ", Network.TYPES) + ")");
            }
            for (Map.Entry<String, String> e : TYPE_OF_KEY.entrySet()) {
                if (!e.getValue().equals(type) && config.originOf(key(e.getKey())) != null) {
                    throw error(e.getKey(), "only for type " + e.getValue() + " (this network is " + type + ")");
                }
            }
            if (type.equals("none")) {
                return new NetDevice.None(n.index(), n.origin());
            }
            if (type.equals("empty")) {
                // confile.c names an empty network "lo"; network.c refuses any other name at start.
                if (n.name() != null && !n.name().equals("lo")) {
                    throw error("name", "custom loopback device names are not supported (type empty is \"lo\")");
                }
                return new NetDevice.Empty(iface("lo", random, type));
            }
            if (n.link() != null && n.link().endsWith("+")) {
                throw error("link", "not supported yet: a link pattern (\"" + n.link() + "\") ("
                        + origin("link") + ")");
            }
            if (n.link() == null && !type.equals("veth")) {
                // LXC: "No link for TYPE network device specified" at start (network.c).
                throw error("link", "missing: a " + type + " network needs the host device it uses (lxc.net."
                        + n.index() + ".link)");
            }
            if (type.equals("veth")) {
                return veth(random);
            }
            if (type.equals("macvlan")) {
                return new NetDevice.Macvlan(iface(Interface.KERNEL_NAMED, random, type), n.link(),
                        n.macvlanMode() != null ? n.macvlanMode() : "private", generatedName("mcXXXXXX", random));
            }
            if (type.equals("ipvlan")) {
                return new NetDevice.Ipvlan(iface(Interface.KERNEL_NAMED, random, type), n.link(),
                        n.ipvlanMode() != null ? n.ipvlanMode() : "l3",
                        n.ipvlanIsolation() != null ? n.ipvlanIsolation() : "bridge",
                        generatedName("ipXXXXXX", random));
            }
            if (type.equals("vlan")) {
                // An unset vlan.id is 0, as LXC's zeroed netdev (the kernel then makes VLAN 0).
                int vid = n.vlanId() != null ? n.vlanId() : 0;
                return new NetDevice.Vlan(iface(Interface.KERNEL_NAMED, random, type), n.link(), vid,
                        "vlan" + vid + "-" + vlanCounter);
            }
            // phys: the device keeps its host name unless one is configured (netdev_configure_server_phys).
            return new NetDevice.Phys(iface(n.link(), random, type), n.link(), generatedName("physXXXXXX", random));
        }

        private NetDevice.Veth veth(RandomGenerator random) throws ConfigException {
            NetDevice.VethMode mode = "router".equals(n.vethMode()) ? NetDevice.VethMode.ROUTER
                    : NetDevice.VethMode.BRIDGE;
            boolean bridged = mode == NetDevice.VethMode.BRIDGE && n.link() != null;
            // validate_veth (network.c): bridge VLANs need a bridge.
            if (!bridged && n.vethVlanId() != null) {
                throw error("veth.vlan.id", "only with veth.mode = bridge and a bridge in lxc.net." + n.index() + ".link");
            }
            if (!bridged && !n.vethVlanTaggedIds().isEmpty()) {
                throw error("veth.vlan.tagged.id", "only with veth.mode = bridge and a bridge in lxc.net."
                        + n.index() + ".link");
            }
            if (n.vethVlanId() != null && !n.vethVlanId().equals("none")
                    && n.vethVlanTaggedIds().contains(Integer.parseInt(n.vethVlanId()))) {
                throw error("veth.vlan.tagged.id", "VLAN " + n.vethVlanId() + " is already the untagged veth.vlan.id");
            }
            List<Ipv4Route> v4 = new ArrayList<>();
            for (RawValue r : raw("veth.ipv4.route")) {
                int slash = r.value().indexOf('/');
                if (slash < 0) {
                    // set_config_net_veth_ipv4_route (confile.c) wants x.y.z.t/m.
                    throw new ConfigException(r.origin(), key("veth.ipv4.route"), key("veth.ipv4.route")
                            + ": invalid value \"" + r.value() + "\": expected NETWORK/PREFIX");
                }
                v4.add(new Ipv4Route(r.value().substring(0, slash).strip(),
                        Integer.parseInt(r.value().substring(slash + 1).strip())));
            }
            List<Ipv6Address> v6 = new ArrayList<>();
            for (RawValue r : raw("veth.ipv6.route")) {
                int slash = r.value().indexOf('/');
                if (slash < 0) {
                    throw new ConfigException(r.origin(), key("veth.ipv6.route"), key("veth.ipv6.route")
                            + ": invalid value \"" + r.value() + "\": expected NETWORK/PREFIX");
                }
                v6.add(new Ipv6Address(r.value().substring(0, slash).strip(),
                        Integer.parseInt(r.value().substring(slash + 1).strip())));
            }
            Interface iface = iface(Interface.KERNEL_NAMED, random, "veth");
            String pair = n.vethPair() != null ? n.vethPair() : generatedName("vethXXXXXX", random);
            String peer = generatedName("vethXXXXXX", random);
            return new NetDevice.Veth(iface, n.link(), mode, pair, n.vethPair() != null, peer, v4, v6,
                    n.vethVlanId(), n.vethVlanTaggedIds(), queues(n.vethRxQueues()), queues(n.vethTxQueues()));
        }

        /** A queue count of 0 asks for nothing: LXC's lxc_veth_create sends only counts above 0. */
        private static Integer queues(Integer count) {
            return count == null || count == 0 ? null : count;
        }

        private Interface iface(String defaultName, RandomGenerator random, String type) throws ConfigException {
            String name = n.name() != null ? n.name() : defaultName;
            Hwaddr hwaddr = n.hwaddr() != null ? Hwaddr.resolve(n.hwaddr(), random) : null;
            List<Ipv4Address> v4 = n.ipv4().stream()
                    .map(a -> Ipv4Address.of(a.address(), a.prefix(), a.broadcast())).toList();
            List<Ipv6Address> v6 = n.ipv6().stream().map(a -> new Ipv6Address(a.address(), a.prefix())).toList();
            Gateway gw4 = gateway("ipv4", n.ipv4Gateway(), !v4.isEmpty(), type);
            Gateway gw6 = gateway("ipv6", n.ipv6Gateway(), !v6.isEmpty(), type);
            return new Interface(n.index(), name, n.up(), hwaddr, n.mtu(), v4, gw4, v6, gw6,
                    Boolean.TRUE.equals(n.l2proxy()), script(n.scriptUp(), "script.up"),
                    script(n.scriptDown(), "script.down"), n.origin());
        }

        private Gateway gateway(String family, String value, boolean hasAddress, String type) throws ConfigException {
            if (value == null) {
                return null;
            }
            String sub = family + ".gateway";
            if (value.equals("auto")) {
                // lxc_find_gateway_addresses (network.c): veth and macvlan only, and a link to look at.
                if (!type.equals("veth") && !type.equals("macvlan")) {
                    throw error(sub, "\"auto\" is only supported for veth and macvlan networks");
                }
                if (n.link() == null) {
                    throw error(sub, "\"auto\" needs a link interface (lxc.net." + n.index() + ".link)");
                }
            }
            // lxc_network_setup_in_child_namespaces_common (network.c): a default route needs the
            // device up and an address of the family on it. ("auto" is checked there too.)
            if (!n.up()) {
                throw error(sub, "a gateway needs the interface up (lxc.net." + n.index() + ".flags = up)");
            }
            if (!hasAddress) {
                throw error(sub, "a gateway needs an address (lxc.net." + n.index() + "." + family + ".address)");
            }
            if (value.equals("auto")) return new Gateway.Auto();
            if (value.equals("dev")) return new Gateway.Dev();
            return new Gateway.Via(value);
        }

        private Script script(String command, String sub) {
            return command == null || command.isEmpty() ? null : new Script(command, origin(sub));
        }

        private record RawValue(String value, Origin origin) {
        }

        /** The values of a list sub-key as written, each with its line (an empty value clears the list). */
        private List<RawValue> raw(String sub) {
            String key = key(sub);
            List<RawValue> out = new ArrayList<>();
            for (ConfigLine l : config.lines()) {
                if (l.key().equals(key)) {
                    if (l.value().isEmpty()) out.clear();
                    else out.add(new RawValue(l.value(), l.origin()));
                }
            }
            return out;
        }
    }
}
