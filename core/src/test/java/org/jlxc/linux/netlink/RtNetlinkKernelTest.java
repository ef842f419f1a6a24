package org.jlxc.linux.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jlxc.linux.Linux;
import org.jlxc.linux.NetCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operations against the kernel, only inside two network namespaces the test makes itself
 * (`ip netns add jxnl-PID-a/b`, deleted afterwards with everything in them). Nothing here touches
 * the host's own namespace: every socket is opened in a test namespace, and the test checks that
 * its own thread is still in the namespace it started in. Results are checked with `ip -n`.
 */
@Tag("privileged")
class RtNetlinkKernelTest {
    private final String a = "jxnl-" + ProcessHandle.current().pid() + "-a";
    private final String b = "jxnl-" + ProcessHandle.current().pid() + "-b";

    @BeforeEach
    void namespaces() throws Exception {
        assumeTrue(Linux.geteuid() == 0, "needs root");
        ip("netns", "add", a);
        ip("netns", "add", b);
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        if (Linux.geteuid() != 0) return;
        run(List.of("ip", "netns", "del", a));
        run(List.of("ip", "netns", "del", b));
    }

    private Path ns(String name) {
        return Path.of("/run/netns", name);
    }

    @Test
    void bridgeVethAddressesMoveRenameAndRoutesAsIpSeesThem() throws Exception {
        String home = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        try (NetlinkSocket sa = NetlinkSocket.openIn(ns(a)); NetlinkSocket sb = NetlinkSocket.openIn(ns(b))) {
            RtNetlink na = new RtNetlink(sa), nb = new RtNetlink(sb);
            assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString())
                    .as("this thread stays in its own namespace").isEqualTo(home);

            na.createBridge("ntlbr0");
            na.createVeth("ntlv0", "ntlv1", null);
            int br = na.index("ntlbr0"), v0 = na.index("ntlv0");
            na.setMaster(v0, br);
            na.setUp(v0, true);
            na.setUp(br, true);
            na.addAddress(br, InetAddress.getByName("10.77.0.1"), 24, InetAddress.getByName("10.77.0.255"));
            na.addAddress(br, InetAddress.getByName("fd77::1"), 64, null);

            int fd = NetCalls.openReadOnly(ns(b).toString());
            try {
                na.moveToNetns(na.index("ntlv1"), NetnsRef.ofFd(fd));
            } finally {
                NetCalls.close(fd);
            }
            assertThat(na.link("ntlv1")).isEmpty();

            int v1 = nb.index("ntlv1");
            nb.setName(v1, "eth0");
            nb.setMtu(v1, 1400);
            nb.setHwaddr(v1, "00:16:3e:12:34:56");
            nb.setUp(v1, true);
            nb.setUp(nb.index("lo"), true);
            nb.addAddress(v1, InetAddress.getByName("10.77.0.2"), 24, null);
            nb.addAddress(v1, InetAddress.getByName("fd77::2"), 64, null);
            nb.addDefaultRoute(InetAddress.getByName("10.77.0.1"), 0);
            nb.addDefaultRoute(InetAddress.getByName("fd77::1"), v1);
            nb.addDeviceRoute(v1, InetAddress.getByName("10.88.0.9"), 32);

            assertThat(ip("-n", a, "-o", "link", "show", "ntlv0")).contains("master ntlbr0").contains("UP");
            assertThat(ip("-n", a, "-o", "addr", "show", "ntlbr0")).contains("inet 10.77.0.1/24 brd 10.77.0.255")
                    .contains("inet6 fd77::1/64");
            assertThat(ip("-n", b, "-o", "link", "show", "eth0")).contains("mtu 1400")
                    .contains("link/ether 00:16:3e:12:34:56").contains("UP");
            assertThat(ip("-n", b, "-o", "addr", "show", "eth0")).contains("inet 10.77.0.2/24")
                    .contains("inet6 fd77::2/64");
            assertThat(ip("-n", b, "route")).contains("default via 10.77.0.1 dev eth0")
                    .contains("10.88.0.9 dev eth0 scope link");
            assertThat(ip("-n", b, "-6", "route")).contains("default via fd77::1 dev eth0");

            // our own reading of the same state
            Link eth0 = nb.link("eth0").orElseThrow();
            assertThat(eth0.index()).isEqualTo(v1);
            assertThat(eth0.mtu()).isEqualTo(1400);
            assertThat(eth0.mac()).isEqualTo("00:16:3e:12:34:56");
            assertThat(eth0.kind()).isEqualTo("veth");
            assertThat(eth0.up()).isTrue();
            assertThat(nb.links()).extracting(Link::name).containsExactlyInAnyOrder("lo", "eth0");
            assertThat(na.link("ntlv0").orElseThrow().master()).isEqualTo(br);
            assertThat(nb.addresses(v1)).extracting(x -> x.address().getHostAddress() + "/" + x.prefixLength())
                    .contains("10.77.0.2/24", "fd77:0:0:0:0:0:0:2/64");

            assertThatThrownBy(() -> na.createBridge("ntlbr0")).isInstanceOfSatisfying(NetlinkException.class,
                    e -> assertThat(e.getMessage()).startsWith("create bridge link ntlbr0: EEXIST"));
            na.delete(v0);
            assertThat(ip("-n", a, "-o", "link")).doesNotContain("ntlv0");
            assertThat(nb.link("eth0")).as("a veth pair goes together").isEmpty();
        }
        assertThat(run(List.of("ip", "-o", "link", "show", "ntlbr0"))).as("nothing in the host's namespace")
                .doesNotStartWith("0:");
    }

    @Test
    void macvlanOnAVethEnd() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.openIn(ns(a))) {
            RtNetlink n = new RtNetlink(s);
            n.createVeth("ntlv2", "ntlv3", null);
            n.createMacvlan("ntlmv0", n.index("ntlv2"), MacvlanMode.BRIDGE);
            n.createMacvlan("ntlmv1", n.index("ntlv2"), MacvlanMode.PRIVATE);
            assertThat(ip("-n", a, "-d", "-o", "link", "show", "ntlmv0")).contains("ntlmv0@ntlv2")
                    .contains("macvlan mode bridge");
            assertThat(ip("-n", a, "-d", "-o", "link", "show", "ntlmv1")).contains("macvlan mode private");
            assertThat(n.link("ntlmv0").orElseThrow().kind()).isEqualTo("macvlan");
        }
    }

    @Test
    void vlanAndIpvlanWorkOrNameTheMissingKernelFeature() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.openIn(ns(a))) {
            RtNetlink n = new RtNetlink(s);
            n.createVeth("ntlv4", "ntlv5", null);
            int lower = n.index("ntlv4");
            try {
                n.createVlan("ntlvl0", lower, 5);
                assertThat(ip("-n", a, "-d", "-o", "link", "show", "ntlvl0")).contains("vlan protocol 802.1Q id 5");
            } catch (NetlinkException e) {
                assertThat(e.errnoName()).isEqualTo("EOPNOTSUPP");
                assertThat(e.missingFeature()).isEqualTo("'vlan' link type (kernel module 8021q)");
                assertThat(e.getMessage()).startsWith("create vlan link ntlvl0: this kernel has no 'vlan' link type");
                System.out.println("this kernel has no vlan: " + e.getMessage());
            }
            try {
                n.createIpvlan("ntliv0", lower, IpvlanMode.L3, IpvlanIsolation.PRIVATE);
                assertThat(ip("-n", a, "-d", "-o", "link", "show", "ntliv0")).contains("ipvlan  mode l3 private");
            } catch (NetlinkException e) {
                assertThat(e.errnoName()).isEqualTo("EOPNOTSUPP");
                assertThat(e.missingFeature()).isEqualTo("'ipvlan' link type (kernel module ipvlan)");
                System.out.println("this kernel has no ipvlan: " + e.getMessage());
            }
        }
    }

    @Test
    void aSocketInTheNamespaceOfAProcess() throws Exception {
        ip("-n", b, "link", "add", "ntlv6", "type", "veth", "peer", "name", "ntlv7");
        Process p = new ProcessBuilder("ip", "netns", "exec", b, "sleep", "30").start();
        try {
            waitUntilIn(p.pid(), b);
            try (NetlinkSocket s = NetlinkSocket.openIn((int) p.pid())) {
                assertThat(new RtNetlink(s).links()).extracting(Link::name).contains("ntlv6", "ntlv7");
            }
            // a veth pair made in a whose peer is born in the process's namespace (b)
            try (NetlinkSocket s = NetlinkSocket.openIn(ns(a))) {
                new RtNetlink(s).createVeth("ntlv8", "ntlv9", NetnsRef.ofPid((int) p.pid()));
            }
            assertThat(ip("-n", a, "-o", "link", "show", "ntlv8")).contains("ntlv8@");
            assertThat(ip("-n", b, "-o", "link", "show", "ntlv9")).contains("ntlv9@");
        } finally {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void neighbourProxyEntriesForIpv4AndIpv6() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.openIn(ns(a))) {
            RtNetlink n = new RtNetlink(s);
            n.createVeth("ntlv10", "ntlv11", null);
            int v = n.index("ntlv10");
            n.addNeighProxy(v, InetAddress.getByName("10.77.0.1"));
            n.addNeighProxy(v, InetAddress.getByName("fd77::1"));
            assertThat(ip("-n", a, "-j", "neigh", "show", "proxy")).contains(
                    "{\"dst\":\"10.77.0.1\",\"dev\":\"ntlv10\",\"proxy\":null}",
                    "{\"dst\":\"fd77::1\",\"dev\":\"ntlv10\",\"proxy\":null}");
            // the kernel takes a proxy entry again despite NLM_F_EXCL (no EEXIST), and keeps one
            n.addNeighProxy(v, InetAddress.getByName("10.77.0.1"));
            assertThat(ip("-n", a, "-j", "neigh", "show", "proxy").split("10\\.77\\.0\\.1", -1)).hasSize(2);

            n.deleteNeighProxy(v, InetAddress.getByName("10.77.0.1"));
            assertThat(ip("-n", a, "-j", "neigh", "show", "proxy")).doesNotContain("10.77.0.1").contains("fd77::1");
            n.deleteNeighProxy(v, InetAddress.getByName("fd77::1"));
            assertThat(ip("-n", a, "-j", "neigh", "show", "proxy")).doesNotContain("fd77::1");
            assertThatThrownBy(() -> n.deleteNeighProxy(v, InetAddress.getByName("fd77::1")))
                    .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.getMessage())
                            .startsWith("delete neighbour proxy fd77:0:0:0:0:0:0:1 link #" + v + ": ENOENT"));
        }
    }

    @Test
    void deviceRoutesAreDeletedOnlyWhenTheyMatchWhatAddDeviceRouteMade() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.openIn(ns(a))) {
            RtNetlink n = new RtNetlink(s);
            n.createVeth("ntlv12", "ntlv13", null);
            int v = n.index("ntlv12");
            n.setUp(v, true);
            n.addDeviceRoute(v, InetAddress.getByName("10.88.0.9"), 32);
            n.addDeviceRoute(v, InetAddress.getByName("fd88::9"), 128);
            // ip shows proto boot (its own default) as nothing
            assertThat(ip("-n", a, "-j", "route")).contains(
                    "{\"dst\":\"10.88.0.9\",\"dev\":\"ntlv12\",\"scope\":\"link\",\"flags\":[\"linkdown\"]}");
            assertThat(ip("-n", a, "-6", "-j", "route", "show", "fd88::9")).contains("\"dev\":\"ntlv12\"");

            n.deleteDeviceRoute(v, InetAddress.getByName("10.88.0.9"), 32);
            n.deleteDeviceRoute(v, InetAddress.getByName("fd88::9"), 128);
            assertThat(ip("-n", a, "route")).doesNotContain("10.88.0.9");
            assertThat(ip("-n", a, "-6", "route")).doesNotContain("fd88::9");

            // someone else's route to the same place (another protocol) is not ours to delete
            ip("-n", a, "route", "add", "10.88.0.10/32", "dev", "ntlv12", "proto", "static", "scope", "link");
            assertThatThrownBy(() -> n.deleteDeviceRoute(v, InetAddress.getByName("10.88.0.10"), 32))
                    .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errnoName()).isEqualTo("ESRCH"));
            assertThat(ip("-n", a, "route")).contains("10.88.0.10 dev ntlv12 proto static");
        }
    }

    @Test
    void bridgeVlansOnAPortOrTheMissingKernelFeature() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.openIn(ns(a))) {
            RtNetlink n = new RtNetlink(s);
            n.createBridge("ntlbr1");
            n.createVeth("ntlv14", "ntlv15", null);
            int br = n.index("ntlbr1"), port = n.index("ntlv14"), loose = n.index("ntlv15");
            n.setMaster(port, br);
            assertThat(n.bridgeVlanFiltering(br)).as("a new bridge does not filter").isFalse();
            assertThatThrownBy(() -> n.bridgeVlanFiltering(port)).isInstanceOfSatisfying(NetlinkException.class,
                    e -> assertThat(e.getMessage()).startsWith("get bridge link #" + port + ": EINVAL")
                            .endsWith("kernel says: not a bridge but a veth"));
            // a device on no bridge: EOPNOTSUPP, and no kernel feature is blamed for it
            assertThatThrownBy(() -> n.bridgeVlanAdd(loose, 10, true)).isInstanceOfSatisfying(NetlinkException.class,
                    e -> {
                        assertThat(e.errnoName()).isEqualTo("EOPNOTSUPP");
                        assertThat(e.missingFeature()).isNull();
                    });

            String set = run(List.of("ip", "-n", a, "link", "set", "ntlbr1", "type", "bridge", "vlan_filtering", "1"));
            if (!set.startsWith("0:")) {
                // this kernel was built without CONFIG_BRIDGE_VLAN_FILTERING: filtering stays off, and adding
                // a VLAN to a port says which feature is missing
                assertThat(n.bridgeVlanFiltering(br)).isFalse();
                assertThat(n.bridgeDefaultPvid(br)).isZero();
                assertThatThrownBy(() -> n.bridgeVlanAdd(port, 10, true)).isInstanceOfSatisfying(
                        NetlinkException.class, e -> {
                            assertThat(e.errnoName()).isEqualTo("EOPNOTSUPP");
                            assertThat(e.missingFeature()).isEqualTo(RtNetlink.BRIDGE_VLAN_FEATURE);
                            assertThat(e.getMessage()).startsWith("add bridge vlan 10 pvid untagged link #" + port
                                    + ": this kernel has no bridge VLAN filtering");
                        });
                System.out.println("this kernel has no bridge VLAN filtering: " + set);
                return;
            }
            assertThat(n.bridgeVlanFiltering(br)).isTrue();
            assertThat(n.bridgeDefaultPvid(br)).isEqualTo(1);
            // LXC's veth.vlan.id = 10 with veth.vlan.tagged.id = 20: drop the default PVID, add 10 untagged, 20 tagged
            n.bridgeVlanDelete(port, 1);
            n.bridgeVlanAdd(port, 10, true);
            n.bridgeVlanAdd(port, 20, false);
            String vlans = run(List.of("bridge", "-n", a, "-j", "vlan", "show", "dev", "ntlv14"));
            assertThat(vlans).startsWith("0:")
                    .contains("{\"vlan\":10,\"flags\":[\"PVID\",\"Egress Untagged\"]}")
                    .contains("{\"vlan\":20}").doesNotContain("{\"vlan\":1,");
        }
    }

    @Test
    void vethQueueCountsOnBothEndsCrossedAsLxc() throws Exception {
        int fd = NetCalls.openReadOnly(ns(b).toString());
        try (NetlinkSocket s = NetlinkSocket.openIn(ns(a))) {
            new RtNetlink(s).createVeth("ntlv16", "ntlv17", NetnsRef.ofFd(fd), 2, 3);
        } finally {
            NetCalls.close(fd);
        }
        assertThat(ip("-n", b, "-j", "-d", "link", "show", "ntlv17")).as("the peer: the counts as given")
                .contains("\"num_tx_queues\":3").contains("\"num_rx_queues\":2");
        assertThat(ip("-n", a, "-j", "-d", "link", "show", "ntlv16")).as("the host end: crossed")
                .contains("\"num_tx_queues\":2").contains("\"num_rx_queues\":3");
    }

    /** ip netns exec enters the namespace before it execs sleep; wait for the namespace to differ from ours. */
    private static void waitUntilIn(long pid, String name) throws Exception {
        String self = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        for (int i = 0; i < 100; i++) {
            try {
                String now = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString();
                if (!now.equals(self)) return;
            } catch (IOException e) {
                // not there yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("process " + pid + " never entered " + name + "");
    }

    /** Runs ip with args; fails the test if it fails; its stdout. */
    private static String ip(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        String out = run(cmd);
        assertThat(out).as(String.join(" ", cmd)).startsWith("0:");
        return out.substring(2);
    }

    /** "RC:output" (stdout and stderr together). */
    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return p.exitValue() + ":" + out;
    }
}
