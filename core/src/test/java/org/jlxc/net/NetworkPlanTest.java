package org.jlxc.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.jlxc.config.ConfigException;
import org.jlxc.config.ContainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkPlanTest {
    @TempDir
    Path tmp;

    ContainerConfig config(String text) throws Exception {
        Path f = tmp.resolve("config");
        Files.writeString(f, text);
        return ContainerConfig.load(f, w -> { });
    }

    NetworkPlan plan(String text) throws Exception {
        return NetworkPlan.of(config(text), new Random(42));
    }

    /** The error for {@code text}: its message names FILE:LINE and the key. */
    String error(String text, int line) {
        Path f = tmp.resolve("config");
        var e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> plan(text));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(f + ":" + line + ": ");
        return e.getMessage();
    }

    @Test
    void noNetworkIsANewEmptyNamespace() throws Exception {
        NetworkPlan p = plan("lxc.uts.name = c\n");
        assertThat(p.devices()).isEmpty();
        assertThat(p.sharesHostNetwork()).isFalse();
    }

    @Test
    void noneAloneSharesTheHostNamespaceMixedItIsIgnored() throws Exception {
        // lxc_requests_empty_network (network.c): only when every network is none.
        assertThat(plan("lxc.net.0.type = none\n").sharesHostNetwork()).isTrue();
        NetworkPlan mixed = plan("lxc.net.0.type = none\nlxc.net.1.type = empty\n");
        assertThat(mixed.sharesHostNetwork()).isFalse();
        assertThat(mixed.containerSetupOrder()).extracting(NetDevice::type).containsExactly("empty");
    }

    @Test
    void emptyIsTheLoopback() throws Exception {
        var d = (NetDevice.Empty) plan("lxc.net.0.type = empty\nlxc.net.0.flags = up\n").devices().get(0);
        assertThat(d.iface().name()).isEqualTo("lo");
        assertThat(d.iface().up()).isTrue();
        assertThat(error("lxc.net.0.type = empty\nlxc.net.0.name = eth0\n", 2))
                .contains("lxc.net.0.name: custom loopback device names are not supported");
    }

    @Test
    void vethWithDefaultsAndGeneratedNames() throws Exception {
        var d = (NetDevice.Veth) plan("lxc.net.0.type = veth\nlxc.net.0.link = br0\n").devices().get(0);
        assertThat(d.mode()).isEqualTo(NetDevice.VethMode.BRIDGE);
        assertThat(d.link()).isEqualTo("br0");
        assertThat(d.iface().name()).isEqualTo("eth%d");
        assertThat(d.iface().kernelNamed()).isTrue();
        assertThat(d.iface().up()).isFalse();
        assertThat(d.iface().hwaddr()).isNull();
        assertThat(d.iface().mtu()).isNull();
        assertThat(d.pairGiven()).isFalse();
        assertThat(d.pair()).matches("veth[0-9a-zA-Z]{6}");
        assertThat(d.peer()).matches("veth[0-9a-zA-Z]{6}").isNotEqualTo(d.pair());
        // The names come from the random source only.
        var again = (NetDevice.Veth) plan("lxc.net.0.type = veth\nlxc.net.0.link = br0\n").devices().get(0);
        assertThat(again.pair()).isEqualTo(d.pair());
    }

    @Test
    void vethWithEverySetting() throws Exception {
        var d = (NetDevice.Veth) plan("""
                lxc.net.0.type = veth
                lxc.net.0.link = br0
                lxc.net.0.name = eth1
                lxc.net.0.flags = up
                lxc.net.0.hwaddr = 00:16:3e:12:34:56
                lxc.net.0.mtu = 1400
                lxc.net.0.veth.pair = vh1
                lxc.net.0.ipv4.address = 10.0.3.5/24
                lxc.net.0.ipv4.address = 10.0.4.5/16 10.0.255.254
                lxc.net.0.ipv4.address = 10.0.5.5
                lxc.net.0.ipv4.address = 10.0.6.5/31
                lxc.net.0.ipv4.gateway = 10.0.3.1
                lxc.net.0.ipv6.address = fd00::5
                lxc.net.0.ipv6.gateway = auto
                lxc.net.0.veth.vlan.id = 10
                lxc.net.0.veth.vlan.tagged.id = 20
                lxc.net.0.veth.ipv4.route = 192.168.1.0/24
                lxc.net.0.veth.ipv6.route = fd01::/48
                lxc.net.0.l2proxy = 1
                """).devices().get(0);
        Interface i = d.iface();
        assertThat(i.name()).isEqualTo("eth1");
        assertThat(i.kernelNamed()).isFalse();
        assertThat(i.up()).isTrue();
        assertThat(i.hwaddr()).isEqualTo(new Hwaddr("00:16:3e:12:34:56"));
        assertThat(i.mtu()).isEqualTo(1400);
        assertThat(i.l2proxy()).isTrue();
        // Broadcasts: given, else host bits set; none for /31 and /32 (set_config_net_ipv4_address);
        // no prefix is the classful one (10/8).
        assertThat(i.ipv4()).containsExactly(new Ipv4Address("10.0.3.5", 24, "10.0.3.255"),
                new Ipv4Address("10.0.4.5", 16, "10.0.255.254"), new Ipv4Address("10.0.5.5", 8, "10.255.255.255"),
                new Ipv4Address("10.0.6.5", 31, "0.0.0.0"));
        assertThat(i.ipv4Gateway()).isEqualTo(new Gateway.Via("10.0.3.1"));
        assertThat(i.ipv6()).containsExactly(new Ipv6Address("fd00::5", 64));
        assertThat(i.ipv6Gateway()).isEqualTo(new Gateway.Auto());
        assertThat(d.pair()).isEqualTo("vh1");
        assertThat(d.pairGiven()).isTrue();
        assertThat(d.untaggedVlan()).isEqualTo("10");
        assertThat(d.taggedVlans()).containsExactly(20);
        assertThat(d.ipv4Routes()).containsExactly(new Ipv4Route("192.168.1.0", 24));
        assertThat(d.ipv6Routes()).containsExactly(new Ipv6Address("fd01::", 48));
    }

    @Test
    void broadcastOfASlashZeroAndAThirtyTwo() {
        assertThat(Ipv4Address.of("1.2.3.4", 0, null).broadcast()).isEqualTo("255.255.255.255");
        assertThat(Ipv4Address.of("1.2.3.4", 32, null).broadcast()).isEqualTo("0.0.0.0");
        assertThat(Ipv4Address.of("192.168.7.9", 20, null).broadcast()).isEqualTo("192.168.15.255");
    }

    @Test
    void vethRouterMode() throws Exception {
        var d = (NetDevice.Veth) plan("lxc.net.0.type = veth\nlxc.net.0.veth.mode = router\n").devices().get(0);
        assertThat(d.mode()).isEqualTo(NetDevice.VethMode.ROUTER);
        assertThat(d.link()).isNull();
    }

    @Test
    void vethVlanRules() {
        // validate_veth (network.c)
        assertThat(error("lxc.net.0.type = veth\nlxc.net.0.veth.vlan.id = 10\n", 2))
                .contains("lxc.net.0.veth.vlan.id: only with veth.mode = bridge and a bridge");
        assertThat(error("lxc.net.0.type = veth\nlxc.net.0.link = br0\nlxc.net.0.veth.mode = router\n"
                + "lxc.net.0.veth.vlan.tagged.id = 10\n", 4)).contains("lxc.net.0.veth.vlan.tagged.id: only with");
        assertThat(error("lxc.net.0.type = veth\nlxc.net.0.link = br0\nlxc.net.0.veth.vlan.id = 10\n"
                + "lxc.net.0.veth.vlan.tagged.id = 10\n", 4)).contains("already the untagged veth.vlan.id");
    }

    @Test
    void vethRoutesNeedAPrefix() {
        assertThat(error("lxc.net.0.type = veth\nlxc.net.0.veth.ipv4.route = 10.1.0.0/16\n"
                + "lxc.net.0.veth.ipv4.route = 10.2.0.0\n", 3))
                .contains("lxc.net.0.veth.ipv4.route: invalid value \"10.2.0.0\": expected NETWORK/PREFIX");
        assertThat(error("lxc.net.0.type = veth\nlxc.net.0.veth.ipv6.route = fd00::\n", 2))
                .contains("lxc.net.0.veth.ipv6.route: invalid value");
    }

    @Test
    void macvlan() throws Exception {
        var d = (NetDevice.Macvlan) plan("lxc.net.0.type = macvlan\nlxc.net.0.link = eth0\n").devices().get(0);
        assertThat(d.mode()).isEqualTo("private");
        assertThat(d.link()).isEqualTo("eth0");
        assertThat(d.createdName()).matches("mc[0-9a-zA-Z]{6}");
        var b = (NetDevice.Macvlan) plan("lxc.net.0.type = macvlan\nlxc.net.0.link = eth0\n"
                + "lxc.net.0.macvlan.mode = bridge\n").devices().get(0);
        assertThat(b.mode()).isEqualTo("bridge");
    }

    @Test
    void ipvlan() throws Exception {
        var d = (NetDevice.Ipvlan) plan("lxc.net.0.type = ipvlan\nlxc.net.0.link = eth0\n").devices().get(0);
        assertThat(d.mode()).isEqualTo("l3");
        assertThat(d.isolation()).isEqualTo("bridge");
        assertThat(d.createdName()).matches("ip[0-9a-zA-Z]{6}");
        var e = (NetDevice.Ipvlan) plan("lxc.net.0.type = ipvlan\nlxc.net.0.link = eth0\n"
                + "lxc.net.0.ipvlan.mode = l2\nlxc.net.0.ipvlan.isolation = vepa\nlxc.net.0.flags = up\n"
                + "lxc.net.0.ipv4.address = 10.1.1.1/32\nlxc.net.0.ipv4.gateway = dev\n").devices().get(0);
        assertThat(e.mode()).isEqualTo("l2");
        assertThat(e.isolation()).isEqualTo("vepa");
        assertThat(e.iface().ipv4Gateway()).isEqualTo(new Gateway.Dev());
    }

    @Test
    void vlansAreNamedByIdAndACounterOfTheStart() throws Exception {
        NetworkPlan p = plan("lxc.net.0.type = vlan\nlxc.net.0.link = eth0\nlxc.net.0.vlan.id = 10\n"
                + "lxc.net.1.type = veth\n"
                + "lxc.net.2.type = vlan\nlxc.net.2.link = eth0\nlxc.net.2.vlan.id = 20\n");
        assertThat(((NetDevice.Vlan) p.devices().get(0)).createdName()).isEqualTo("vlan10-0");
        assertThat(((NetDevice.Vlan) p.devices().get(2)).createdName()).isEqualTo("vlan20-1");
        assertThat(((NetDevice.Vlan) p.devices().get(2)).vlanId()).isEqualTo(20);
    }

    @Test
    void physKeepsItsHostNameUnlessNamed() throws Exception {
        var d = (NetDevice.Phys) plan("lxc.net.0.type = phys\nlxc.net.0.link = enp9s0\n").devices().get(0);
        assertThat(d.iface().name()).isEqualTo("enp9s0");
        assertThat(d.iface().kernelNamed()).isFalse();
        var n = (NetDevice.Phys) plan("lxc.net.0.type = phys\nlxc.net.0.link = enp9s0\nlxc.net.0.name = eth0\n")
                .devices().get(0);
        assertThat(n.iface().name()).isEqualTo("eth0");
        assertThat(error("lxc.net.0.type = phys\nlxc.net.0.link = eth+\n", 2))
                .contains("lxc.net.0.link: not supported yet");
    }

    @Test
    void typesThatNeedALink() {
        for (String type : List.of("macvlan", "ipvlan", "vlan", "phys")) {
            assertThat(error("lxc.net.0.type = " + type + "\n", 1))
                    .contains("lxc.net.0.link: missing: a " + type + " network needs the host device");
        }
    }

    @Test
    void aNetworkWithoutType() {
        assertThat(error("lxc.net.0.type = veth\nlxc.net.1.link = br0\n", 2))
                .contains("lxc.net.1.type: missing");
    }

    @Test
    void keysOfAnotherType() {
        assertThat(error("lxc.net.0.type = macvlan\nlxc.net.0.link = eth0\nlxc.net.0.veth.pair = v1\n", 3))
                .contains("lxc.net.0.veth.pair: only for type veth (this network is macvlan)");
        assertThat(error("lxc.net.0.type = veth\nlxc.net.0.macvlan.mode = bridge\n", 2))
                .contains("lxc.net.0.macvlan.mode: only for type macvlan");
        assertThat(error("lxc.net.0.type = veth\nlxc.net.0.vlan.id = 3\n", 2))
                .contains("lxc.net.0.vlan.id: only for type vlan");
        assertThat(error("lxc.net.0.type = veth\nlxc.net.0.ipvlan.isolation = vepa\n", 2))
                .contains("lxc.net.0.ipvlan.isolation: only for type ipvlan");
    }

    @Test
    void gatewayRules() {
        // lxc_network_setup_in_child_namespaces_common and lxc_find_gateway_addresses (network.c)
        assertThat(error("lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 10.0.0.2/24\n"
                + "lxc.net.0.ipv4.gateway = 10.0.0.1\n", 3)).contains("lxc.net.0.ipv4.gateway: a gateway needs the interface up");
        assertThat(error("lxc.net.0.type = veth\nlxc.net.0.flags = up\nlxc.net.0.ipv6.gateway = fd00::1\n", 3))
                .contains("lxc.net.0.ipv6.gateway: a gateway needs an address (lxc.net.0.ipv6.address)");
        assertThat(error("lxc.net.0.type = phys\nlxc.net.0.link = e1\nlxc.net.0.flags = up\n"
                + "lxc.net.0.ipv4.address = 10.0.0.2/24\nlxc.net.0.ipv4.gateway = auto\n", 5))
                .contains("\"auto\" is only supported for veth and macvlan");
        assertThat(error("lxc.net.0.type = veth\nlxc.net.0.flags = up\n"
                + "lxc.net.0.ipv4.address = 10.0.0.2/24\nlxc.net.0.ipv4.gateway = auto\n", 4))
                .contains("\"auto\" needs a link interface");
    }

    @Test
    void duplicateNames() {
        assertThat(error("lxc.net.0.type = veth\nlxc.net.0.name = eth0\nlxc.net.1.type = veth\n"
                + "lxc.net.1.name = eth0\n", 4)).contains("lxc.net.1.name: device name \"eth0\" inside the container"
                + " is already used by another network (" + tmp.resolve("config") + ":2)");
        assertThat(error("lxc.net.0.type = veth\nlxc.net.0.veth.pair = vh\nlxc.net.1.type = veth\n"
                + "lxc.net.1.veth.pair = vh\n", 4)).contains("lxc.net.1.veth.pair: device name \"vh\" on the host");
    }

    @Test
    void namedDevicesAreSetUpBeforeKernelNamedOnes() throws Exception {
        NetworkPlan p = plan("lxc.net.0.type = veth\nlxc.net.1.type = veth\nlxc.net.1.name = eth0\n"
                + "lxc.net.2.type = empty\nlxc.net.3.type = none\n");
        assertThat(p.containerSetupOrder()).extracting(NetDevice::index).containsExactly(1, 2, 0);
    }

    @Test
    void legacyKeysGiveTheSameModel() throws Exception {
        NetworkPlan legacy = plan("lxc.network.type = veth\nlxc.network.link = br0\nlxc.network.flags = up\n"
                + "lxc.network.ipv4 = 10.0.0.2/24\nlxc.network.ipv4.gateway = 10.0.0.1\n"
                + "lxc.network.hwaddr = 00:16:3e:xx:xx:xx\n");
        NetworkPlan current = plan("lxc.net.0.type = veth\nlxc.net.0.link = br0\nlxc.net.0.flags = up\n"
                + "lxc.net.0.ipv4.address = 10.0.0.2/24\nlxc.net.0.ipv4.gateway = 10.0.0.1\n"
                + "lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx\n");
        assertThat(legacy.devices()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("iface.origin")
                .isEqualTo(current.devices());
    }

    @Test
    void hwaddrPlaceholdersAreResolvedUnicast() {
        for (int seed = 0; seed < 200; seed++) {
            Hwaddr h = Hwaddr.resolve("xx:xx:xx:xx:xx:xx", new Random(seed));
            assertThat(h.value()).matches("[0-9a-f][02468ace](:[0-9a-f]{2}){5}");
        }
        assertThat(Hwaddr.resolve("00:16:3E:AA:bb:cc", new Random(0)).value()).isEqualTo("00:16:3e:aa:bb:cc");
        // Only position 1 of the value is forced even: a literal odd digit there stays (LXC does the same).
        assertThat(Hwaddr.resolve("01:xx:00:00:00:00", new Random(0)).value()).startsWith("01:");
    }

    @Test
    void completeLineOnlyTouchesHwaddrValues() {
        Random r = new Random(3);
        assertThat(Hwaddr.completeLine("lxc.uts.name = xx", r)).isEqualTo("lxc.uts.name = xx");
        assertThat(Hwaddr.completeLine("#lxc.net.0.hwaddr = xx:00:00:00:00:00", r)).startsWith("#lxc.net.0.hwaddr = xx");
        assertThat(Hwaddr.completeLine("  lxc.net.12.hwaddr=xx:00:00:00:00:00", r))
                .matches("  lxc\\.net\\.12\\.hwaddr=[0-9a-f][02468ace]:00:00:00:00:00");
        assertThat(Hwaddr.completeLine("lxc.net.hwaddr = 00:11:22:33:44:55", r)).isEqualTo("lxc.net.hwaddr = 00:11:22:33:44:55");
        assertThat(Hwaddr.completeLine("lxc.network.0.hwaddr = 00:11:22:33:44:xX", r))
                .matches("lxc\\.network\\.0\\.hwaddr = 00:11:22:33:44:[0-9a-f]{2}");
    }

    @Test
    void badValuesAreRefusedWithTheirLine() {
        var e = org.assertj.core.api.Assertions.catchThrowable(() -> config("lxc.net.0.type = veth\n"
                + "lxc.net.0.ipv4.address = 10.0.0.300/24\n"));
        assertThat(e).isInstanceOf(ConfigException.class).hasMessageContaining(":2: lxc.net.0.ipv4.address");
        // LXC (inet_pton) has no "+" broadcast.
        var plus = org.assertj.core.api.Assertions.catchThrowable(() -> config("lxc.net.0.type = veth\n"
                + "lxc.net.0.ipv4.address = 10.0.0.3/24 +\n"));
        assertThat(plus).isInstanceOf(ConfigException.class).hasMessageContaining(":2: lxc.net.0.ipv4.address");
    }

    @Test
    void theSameRandomSourceGivesTheSamePlan() throws Exception {
        String text = "lxc.net.0.type = veth\nlxc.net.0.hwaddr = 00:16:3e:xx:xx:xx\n";
        assertThat(NetworkPlan.of(config(text), new Random(5))).isEqualTo(NetworkPlan.of(config(text), new Random(5)));
        assertThatThrownBy(() -> new Hwaddr("00:16:3e:xx:00:00")).isInstanceOf(IllegalArgumentException.class);
    }
}
