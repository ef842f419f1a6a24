package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The network types and keys beyond a bridged veth, on a bridge and devices this test makes
 * (unique names, private addresses, no uplink; all deleted at the end): a {@code phys} NIC (a veth
 * end standing in for one) lent to a container and given back with its name and MTU, also when
 * the start fails; {@code script.up}/{@code script.down} with LXC's arguments and environment; host
 * routes of {@code veth.ipv4.route}; {@code vlan} and {@code ipvlan}, which run where the kernel
 * has them and otherwise check that the start names the missing kernel feature (and say so as a
 * skipped test).
 */
@Tag("privileged")
class NetworkDevicesIT {
    private static final long PID = ProcessHandle.current().pid();
    private static final String BRIDGE = "ndbr-" + PID;
    /** 10.214.N.0/24, N from our pid (NetworkIT uses 10.213). */
    private static final String NET = "10.214." + (PID % 250) + ".";
    /** The stand-in NIC and its other end, which stays on the host, on the bridge. */
    private static final String NIC = "ndn" + PID;
    private static final String NIC_PEER = "ndm" + PID;

    @BeforeAll
    static void devices() {
        Cmd.run("ip", "link", "add", BRIDGE, "type", "bridge").assertOk();
        Cmd.run("ip", "addr", "add", NET + "1/24", "dev", BRIDGE).assertOk();
        Cmd.run("ip", "link", "set", BRIDGE, "up").assertOk();
        Cmd.run("ip", "link", "add", NIC, "mtu", "1400", "type", "veth", "peer", "name", NIC_PEER, "mtu", "1400")
                .assertOk();
        Cmd.run("ip", "link", "set", NIC_PEER, "master", BRIDGE, "up").assertOk();
    }

    @AfterAll
    static void removeDevices() {
        Cmd.run("ip", "link", "del", NIC);
        Cmd.run("ip", "link", "del", BRIDGE);
        assertThat(Cmd.run("ip", "link", "show", BRIDGE).exit()).as("bridge removed").isNotZero();
        assertThat(Cmd.run("ip", "link", "show", NIC_PEER).exit()).as("stand-in NIC removed").isNotZero();
    }

    /** Every test: the NIC is back on the host as it was, no transient name and no cgroup left. */
    @AfterEach
    void nothingLeft() throws Exception {
        String nic = Cmd.run("ip", "-o", "link", "show", NIC).out();
        assertThat(nic).as("the stand-in NIC on the host").contains(NIC + "@").contains("mtu 1400");
        assertThat(Cmd.run("ip", "-o", "link").out()).as("no device under a transient name").doesNotContain("phys");
        for (String n : new String[] {"ndphys", "ndbad", "ndscr", "ndfail", "ndrt", "ndrtr", "ndl2p", "ndbv", "ndvlan",
                "ndipv"}) {
            assertThat(FirstContainerIT.cgroupLeft(n)).as("cgroup of " + n).isFalse();
        }
    }

    private static String phys(String address) {
        return "lxc.net.0.type = phys\nlxc.net.0.link = " + NIC + "\nlxc.net.0.name = lan0\nlxc.net.0.flags = up\n"
                + "lxc.net.0.mtu = 1300\nlxc.net.0.ipv4.address = " + address + "/24\n";
    }

    @Test
    void aPhysNicGoesInAndComesBackWithItsNameAndMtu() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            NetworkIT.create(lxc, "ndphys", phys(NET + "2"));
            // Foreground: the start's own post-stop work gives it back.
            Cmd f = lxc.jlxc("ndphys", "start", "-F", "--", "/bin/sh", "-c",
                    "ip -o link show lan0; ping -c1 -W2 " + NET + "1 >/dev/null && echo PING-OK");
            assertThat(f.exit()).as(f.toString()).isZero();
            assertThat(f.out()).containsPattern("lan0@if\\d+: <BROADCAST,MULTICAST,UP").contains("mtu 1300").contains("PING-OK");
            nothingLeft();
            // Daemon: the shim's exit command does.
            lxc.jlxc("ndphys", "start", "-d", "--", "/bin/sleep", "100").assertOk();
            try {
                assertThat(Cmd.run("ip", "link", "show", NIC).exit()).as("the NIC is in the container").isNotZero();
            } finally {
                lxc.jlxc("ndphys", "stop", "-k").assertOk();
            }
        }
    }

    @Test
    void aFailedStartGivesTheNicBack() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            // The same address twice: the kernel refuses the second once the NIC is inside.
            NetworkIT.create(lxc, "ndbad", phys(NET + "3") + "lxc.net.0.ipv4.address = " + NET + "3/24\n");
            Cmd r = lxc.jlxc("ndbad", "start", "-F", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("lxc.net.0.ipv4.address (" + lxc.config("ndbad") + ":").contains("File exists");
        }
    }

    @Test
    void upAndDownScriptsGetLxcArgumentsAndEnvironment() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            Path log = lxc.dir.resolve("scripts.log");
            Path script = lxc.dir.resolve("net-script");
            Path netns = lxc.dir.resolve("netns.log");
            Files.writeString(script, "#!/bin/sh\necho \"$* | $LXC_NAME $LXC_HOOK_TYPE $LXC_NET_TYPE $LXC_NET_PARENT"
                    + " $LXC_NET_PEER\" >> " + log + "\n[ -n \"$LXC_NET_NS\" ] && echo \"$LXC_NET_NS\" > " + netns + "\n"
                    + "exit 0\n");
            script.toFile().setExecutable(true);
            String pair = "nds" + PID;
            NetworkIT.create(lxc, "ndscr", "lxc.net.0.type = veth\nlxc.net.0.link = " + BRIDGE + "\nlxc.net.0.veth.pair = "
                    + pair + "\nlxc.net.0.script.up = " + script + "\nlxc.net.0.script.down = " + script + "\n"
                    + "lxc.net.1.type = empty\nlxc.net.1.script.up = " + script + "\n");
            lxc.jlxc("ndscr", "start", "-d", "--", "/bin/sleep", "100").assertOk();
            // Old-style hooks: the arguments, no LXC_HOOK_TYPE/LXC_NET_* (those are version 1's).
            assertThat(Files.readString(log)).isEqualTo("ndscr net up veth " + BRIDGE + " " + pair + " | ndscr    \n"
                    + "ndscr net up empty | ndscr    \n");
            lxc.jlxc("ndscr", "stop", "-k").assertOk();
            assertThat(Files.readString(log)).endsWith("ndscr net down veth " + BRIDGE + " " + pair + " | ndscr    \n");
            assertThat(Files.readString(netns)).as("the down script gets the kept namespaces, as LXC's")
                    .matches("/proc/\\d+/fd/\\d+\n");
            // lxc.hook.version = 1: the arguments are the type and devices; the rest is in the environment.
            Files.delete(log);
            Files.writeString(lxc.config("ndscr"), Files.readString(lxc.config("ndscr")) + "lxc.hook.version = 1\n");
            Cmd f = lxc.jlxc("ndscr", "start", "-F", "--", "/bin/true");
            assertThat(f.exit()).as(f.toString()).isZero();
            assertThat(Files.readString(log)).isEqualTo(
                    "veth " + BRIDGE + " " + pair + " | ndscr up veth " + BRIDGE + " " + pair + "\n"
                            + "empty | ndscr up empty  \n"
                            + "veth " + BRIDGE + " " + pair + " | ndscr down veth " + BRIDGE + " " + pair + "\n");
            assertThat(Cmd.run("ip", "link", "show", pair).exit()).as("host end deleted at the stop").isNotZero();
        }
    }

    @Test
    void aFailingUpScriptAbortsTheStartAndLeavesNoDevice() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            String pair = "ndf" + PID;
            NetworkIT.create(lxc, "ndfail", "lxc.net.0.type = veth\nlxc.net.0.link = " + BRIDGE
                    + "\nlxc.net.0.veth.pair = " + pair + "\nlxc.net.0.script.up = /bin/false\n");
            Cmd r = lxc.jlxc("ndfail", "start", "-F", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("lxc.net.0.script.up (" + lxc.config("ndfail") + ":").contains("/bin/false")
                    .contains("exited with status 1");
            assertThat(Cmd.run("ip", "link", "show", pair).exit()).as("host end removed").isNotZero();
        }
    }

    @Test
    void vethRoutesAndQueueCountsAreOnTheHostWhileItRuns() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            String pair = "ndr" + PID;
            String routed = "10.215." + (PID % 250) + ".0/24";
            NetworkIT.create(lxc, "ndrt", "lxc.net.0.type = veth\nlxc.net.0.link = " + BRIDGE + "\nlxc.net.0.veth.pair = "
                    + pair + "\nlxc.net.0.veth.ipv4.route = " + routed + "\nlxc.net.0.veth.n_rxqueues = 2\n"
                    + "lxc.net.0.veth.n_txqueues = 3\n");
            lxc.jlxc("ndrt", "start", "-d", "--", "/bin/sleep", "100").assertOk();
            try {
                assertThat(Cmd.run("ip", "route", "show", routed).out()).contains("dev " + pair).contains("scope link");
                // The counts are the container end's; the host end has them crossed, as LXC makes them.
                assertThat(Cmd.run("ip", "-d", "link", "show", pair).out()).contains("numtxqueues 2 numrxqueues 3");
            } finally {
                lxc.jlxc("ndrt", "stop", "-k").assertOk();
            }
            assertThat(Cmd.run("ip", "route", "show", routed).out()).as("the route went with the veth").isEmpty();
        }
    }

    @Test
    void aRouterModeVethIsReachedThroughHostRoutesAndProxiesItsGateway() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            String pair = "ndo" + PID;
            String address = "10.216." + (PID % 250) + ".2";
            String gateway = "169.254." + (PID % 250) + ".1";
            // The host answers ARP for the gateway only when it routes it elsewhere than the veth:
            // to our bridge here (no uplink: nothing leaves the host), not to wherever the host's default goes.
            Cmd.run("ip", "route", "add", gateway + "/32", "dev", BRIDGE).assertOk();
            NetworkIT.create(lxc, "ndrtr", "lxc.net.0.type = veth\nlxc.net.0.veth.mode = router\nlxc.net.0.veth.pair = "
                    + pair + "\nlxc.net.0.flags = up\nlxc.net.0.ipv4.address = " + address + "/32\n"
                    + "lxc.net.0.ipv4.gateway = " + gateway + "\n");
            lxc.jlxc("ndrtr", "start", "-d", "--", "/bin/sleep", "100").assertOk();
            try {
                assertThat(Cmd.run("ip", "route", "show", address).out()).contains("dev " + pair);
                assertThat(Cmd.run("ip", "neigh", "show", "proxy", "dev", pair).out()).contains(gateway);
                assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/conf", pair, "forwarding")).strip()).isEqualTo("1");
                assertThat(Cmd.run("ip", "-o", "link", "show", pair).out()).as("no bridge in router mode")
                        .doesNotContain("master");
                // From the bridge's address: the reply goes through the container's default route, the proxied gateway.
                Cmd ping = Cmd.run("busybox", "ping", "-c1", "-W2", "-I", NET + "1", address);
                assertThat(ping.exit()).as(ping.toString()).isZero();
            } finally {
                lxc.jlxc("ndrtr", "stop", "-k").assertOk();
            }
            assertThat(Cmd.run("ip", "route", "show", address).out()).as("the route went with the veth").isEmpty();
        } finally {
            Cmd.run("ip", "route", "del", "169.254." + (PID % 250) + ".1/32", "dev", BRIDGE);
        }
    }

    @Test
    void l2proxyNeedsForwardingOnTheLinkThenProxiesTheAddressesUntilTheStop() throws Exception {
        Path forwarding = Path.of("/proc/sys/net/ipv4/conf", BRIDGE, "forwarding");
        try (Lxcpath lxc = new Lxcpath()) {
            String address = NET + "12";
            NetworkIT.create(lxc, "ndl2p", "lxc.net.0.type = veth\nlxc.net.0.link = " + BRIDGE + "\nlxc.net.0.l2proxy = 1\n"
                    + "lxc.net.0.flags = up\nlxc.net.0.ipv4.address = " + address + "/24\n");
            Files.writeString(forwarding, "0");
            Cmd r = lxc.jlxc("ndl2p", "start", "-F", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("lxc.net.0.l2proxy (" + lxc.config("ndl2p") + ":")
                    .contains("needs sysctl net.ipv4.conf." + BRIDGE + ".forwarding=1");
            Files.writeString(forwarding, "1");
            lxc.jlxc("ndl2p", "start", "-d", "--", "/bin/sleep", "100").assertOk();
            try {
                assertThat(Cmd.run("ip", "neigh", "show", "proxy", "dev", BRIDGE).out()).contains(address);
            } finally {
                lxc.jlxc("ndl2p", "stop", "-k").assertOk();
            }
            assertThat(Cmd.run("ip", "neigh", "show", "proxy", "dev", BRIDGE).out()).as("entry removed at the stop")
                    .doesNotContain(address);
        } finally {
            Files.writeString(forwarding, "0");
        }
    }

    /** Whether this kernel lets a bridge filter by VLAN (a bridge of our own, deleted at once). */
    private static boolean kernelHasBridgeVlans() {
        String probe = "ndq" + PID;
        boolean ok = Cmd.run("ip", "link", "add", probe, "type", "bridge", "vlan_filtering", "1").exit() == 0;
        Cmd.run("ip", "link", "del", probe);
        return ok;
    }

    @Test
    void bridgeVlansNeedVlanFilteringOnTheBridge() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            NetworkIT.create(lxc, "ndbv", "lxc.net.0.type = veth\nlxc.net.0.link = " + BRIDGE + "\nlxc.net.0.veth.pair = ndb"
                    + PID + "\nlxc.net.0.veth.vlan.id = 5\n");
            Cmd r = lxc.jlxc("ndbv", "start", "-F", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("lxc.net.0.veth.vlan.id (" + lxc.config("ndbv") + ":")
                    .contains("vlan_filtering is not enabled on the bridge " + BRIDGE);
            assertThat(Cmd.run("ip", "link", "show", "ndb" + PID).exit()).as("host end removed").isNotZero();
        }
    }

    @Test
    void bridgeVlansJoinThePort() throws Exception {
        assumeTrue(kernelHasBridgeVlans(), "this kernel has no bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING)");
        String bridge = "ndvf" + PID;
        Cmd.run("ip", "link", "add", bridge, "type", "bridge", "vlan_filtering", "1").assertOk();
        try (Lxcpath lxc = new Lxcpath()) {
            String pair = "ndvp" + PID;
            NetworkIT.create(lxc, "ndbv", "lxc.net.0.type = veth\nlxc.net.0.link = " + bridge + "\nlxc.net.0.veth.pair = "
                    + pair + "\nlxc.net.0.veth.vlan.id = 5\nlxc.net.0.veth.vlan.tagged.id = 6\n");
            lxc.jlxc("ndbv", "start", "-d", "--", "/bin/sleep", "100").assertOk();
            try {
                String vlans = Cmd.run("bridge", "vlan", "show", "dev", pair).assertOk().out();
                assertThat(vlans).containsPattern("5 PVID Egress Untagged").containsPattern("\\b6\\b")
                        .doesNotContainPattern("\\b1 PVID");
            } finally {
                lxc.jlxc("ndbv", "stop", "-k").assertOk();
            }
        } finally {
            Cmd.run("ip", "link", "del", bridge);
        }
    }

    /** Whether this kernel makes links of the type (this test's probe: `ip link add` on our bridge). */
    private static boolean kernelHas(String... typeArgs) {
        String probe = "ndk" + PID;
        String[] argv = new String[6 + typeArgs.length];
        System.arraycopy(new String[] {"ip", "link", "add", "link", BRIDGE, "name"}, 0, argv, 0, 6);
        System.arraycopy(typeArgs, 0, argv, 6, typeArgs.length);
        argv[6] = probe;
        boolean ok = Cmd.run(argv).exit() == 0;
        Cmd.run("ip", "link", "del", probe);
        return ok;
    }

    private static final String[] VLAN = {"", "type", "vlan", "id", "5"};
    private static final String[] IPVLAN = {"", "type", "ipvlan", "mode", "l2"};

    @Test
    void aVlanStartNamesTheMissingKernelFeature() throws Exception {
        assumeFalse(kernelHas(VLAN), "this kernel has vlan (8021q): aVlanDeviceWorks covers it");
        missingFeature("ndvlan", "lxc.net.0.type = vlan\nlxc.net.0.link = " + BRIDGE + "\nlxc.net.0.vlan.id = 5\n",
                "lxc.net.0.vlan.id", "'vlan' link type (kernel module 8021q)");
    }

    @Test
    void anIpvlanStartNamesTheMissingKernelFeature() throws Exception {
        assumeFalse(kernelHas(IPVLAN), "this kernel has ipvlan: anIpvlanDeviceWorks covers it");
        missingFeature("ndipv", "lxc.net.0.type = ipvlan\nlxc.net.0.link = " + BRIDGE + "\nlxc.net.0.ipvlan.mode = l2\n",
                "lxc.net.0.ipvlan.mode", "'ipvlan' link type (kernel module ipvlan)");
    }

    private static void missingFeature(String name, String net, String key, String feature) throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            NetworkIT.create(lxc, name, net);
            String before = linkNames();
            Cmd r = lxc.jlxc(name, "start", "-F", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains(key + " (" + lxc.config(name) + ":").contains(feature);
            assertThat(linkNames()).as("nothing made on the host").isEqualTo(before);
        }
    }

    /** The host's device names, one per line. */
    private static String linkNames() {
        StringBuilder out = new StringBuilder();
        for (String line : Cmd.run("ip", "-o", "link").out().split("\n")) {
            String[] f = line.split(": ");
            if (f.length > 1) out.append(f[1].split("@")[0]).append('\n');
        }
        return out.toString();
    }

    @Test
    void aVlanDeviceWorks() throws Exception {
        assumeTrue(kernelHas(VLAN), "this kernel has no vlan link type (8021q); the start's error is checked instead");
        deviceWorks("ndvlan", "lxc.net.0.type = vlan\nlxc.net.0.link = " + BRIDGE + "\nlxc.net.0.vlan.id = 5\n",
                "vlan protocol 802.1Q id 5");
    }

    @Test
    void anIpvlanDeviceWorks() throws Exception {
        assumeTrue(kernelHas(IPVLAN), "this kernel has no ipvlan link type; the start's error is checked instead");
        deviceWorks("ndipv", "lxc.net.0.type = ipvlan\nlxc.net.0.link = " + BRIDGE + "\nlxc.net.0.ipvlan.mode = l2\n",
                "ipvlan  mode l2");
    }

    /** A container with the device: named eth0 inside, its address on it, of the kind asked (as `ip -d` shows it). */
    private static void deviceWorks(String name, String net, String detail) throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            NetworkIT.create(lxc, name, net + "lxc.net.0.flags = up\nlxc.net.0.ipv4.address = " + NET + "9/24\n");
            lxc.jlxc(name, "start", "-d", "--", "/bin/sleep", "100").assertOk();
            try {
                String pid = lxc.jlxc(name, "info", "-pH").assertOk().out().strip();
                String link = Cmd.run("nsenter", "-t", pid, "-n", "ip", "-d", "-o", "addr", "show", "eth0").assertOk().out();
                assertThat(link).contains(NET + "9/24");
                assertThat(Cmd.run("nsenter", "-t", pid, "-n", "ip", "-d", "-o", "link", "show", "eth0").out())
                        .contains(detail);
            } finally {
                lxc.jlxc(name, "stop", "-k").assertOk();
            }
        }
    }
}
