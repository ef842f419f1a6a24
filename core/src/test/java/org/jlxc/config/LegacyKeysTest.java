package org.jlxc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegacyKeysTest {
    @TempDir
    Path tmp;
    ConfigFiles files;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(tmp);
    }

    @Test
    void legacyNamesFillTheSameModelAndWarnOncePerLine() throws Exception {
        ContainerConfig c = files.load("lxc.utsname = old", "lxc.tty = 3", "lxc.pts = 2", "lxc.devttydir = lxc",
                "lxc.rootfs = /srv/rootfs", "lxc.id_map = u 0 100000 65536", "lxc.aa_profile = unconfined",
                "lxc.se_context = ctx", "lxc.haltsignal = SIGUSR1", "lxc.stopsignal = 9", "lxc.rebootsignal = SIGTERM",
                "lxc.loglevel = DEBUG", "lxc.logfile = /tmp/l", "lxc.init_cmd = /sbin/init", "lxc.init_uid = 5",
                "lxc.init_gid = 6", "lxc.mount = /etc/fstab.c", "lxc.console = none", "lxc.seccomp = /p",
                "lxc.limit.nofile = 10", "lxc.syslog = daemon", "lxc.aa_allow_incomplete = 1");
        Path f = tmp.resolve("config");
        assertThat(files.warnings).hasSize(22)
                .contains("lxc.utsname is deprecated, use lxc.uts.name (" + f + ":1)",
                        "lxc.limit.nofile is deprecated, use lxc.prlimit.nofile (" + f + ":20)");
        assertThat(c.utsName()).isEqualTo("old");
        assertThat(c.ttyMax()).isEqualTo(3);
        assertThat(c.ptyMax()).isEqualTo(2);
        assertThat(c.ttyDir()).isEqualTo("lxc");
        assertThat(c.rootfs()).isEqualTo(new Rootfs("dir", "/srv/rootfs", null, null, null));
        assertThat(c.idmaps()).containsExactly(new IdMap(IdMap.Type.UID, 0, 100000, 65536));
        assertThat(c.apparmorProfile()).isEqualTo("unconfined");
        assertThat(c.selinuxContext()).isEqualTo("ctx");
        assertThat(c.haltSignal()).isEqualTo(10);
        assertThat(c.stopSignal()).isEqualTo(9);
        assertThat(c.rebootSignal()).isEqualTo(15);
        assertThat(c.logLevel()).isEqualTo(1);
        assertThat(c.logFile()).isEqualTo("/tmp/l");
        assertThat(c.initCmd()).isEqualTo("/sbin/init");
        assertThat(c.initUid()).isEqualTo(5L);
        assertThat(c.initGid()).isEqualTo(6L);
        assertThat(c.mountFstab()).isEqualTo(new ConfigAccessors.FstabRef(Path.of("/etc/fstab.c"), new Origin(f, 17)));
        assertThat(c.consolePath()).isEqualTo("none");
        assertThat(c.seccompProfile()).isEqualTo("/p");
        assertThat(c.prlimits()).containsEntry("nofile", new Prlimit(10, 10));
        assertThat(c.logSyslog()).isEqualTo("daemon");
        assertThat(c.apparmorAllowIncomplete()).isTrue();
        assertThat(c.lines().get(0)).isEqualTo(new ConfigLine("lxc.uts.name", "lxc.utsname", "old", new Origin(f, 1)));
        assertThat(c.lines().get(0).legacy()).isTrue();
        assertThat(c.get("lxc.utsname")).containsExactly("old");
    }

    @Test
    void removedKeysAreAcceptedWithAWarning() throws Exception {
        ContainerConfig c = files.load("lxc.kmsg = 0", "lxc.pivotdir = lxc_putold", "lxc.rootfs.backend = dir");
        assertThat(files.warnings).hasSize(3).allMatch(w -> w.contains("is deprecated and ignored"));
        assertThat(files.warnings.get(0)).startsWith("lxc.kmsg is deprecated and ignored: ").endsWith("config:1)");
        assertThat(c.kmsg()).isEqualTo("0");
        assertThat(c.pivotDir()).isEqualTo("lxc_putold");
        assertThat(c.rootfsBackend()).isEqualTo("dir");
    }

    @Test
    void currentNamesDoNotWarn() throws Exception {
        files.load("lxc.uts.name = a", "lxc.net.0.type = veth");
        assertThat(files.warnings).isEmpty();
    }

    @Test
    void unindexedLegacyNetworksStartAtEachType() throws Exception {
        ContainerConfig c = files.load("lxc.network.type = veth", "lxc.network.link = br0",
                "lxc.network.flags = up", "lxc.network.ipv4 = 10.0.3.5/24", "lxc.network.ipv4 = 192.168.1.2",
                "lxc.network.ipv4.gateway = auto", "lxc.network.ipv6 = fd00::5",
                "lxc.network.type = macvlan", "lxc.network.macvlan.mode = bridge", "lxc.network.link = eth0");
        assertThat(c.networks()).hasSize(2);
        Network n0 = c.networks().get(0);
        assertThat(n0.index()).isZero();
        assertThat(n0.type()).isEqualTo("veth");
        assertThat(n0.link()).isEqualTo("br0");
        assertThat(n0.up()).isTrue();
        assertThat(n0.ipv4()).containsExactly(new Network.IpAddress("10.0.3.5", 24, null),
                new Network.IpAddress("192.168.1.2", 24, null));
        assertThat(n0.ipv4Gateway()).isEqualTo("auto");
        assertThat(n0.ipv6()).containsExactly(new Network.IpAddress("fd00::5", 64, null));
        assertThat(c.networks().get(1).macvlanMode()).isEqualTo("bridge");
        assertThat(c.networks().get(1).link()).isEqualTo("eth0");
        assertThat(c.lines()).extracting(ConfigLine::key).startsWith("lxc.net.0.type", "lxc.net.0.link")
                .contains("lxc.net.0.ipv4.address", "lxc.net.1.macvlan.mode");
        assertThat(files.warnings.get(3)).isEqualTo("lxc.network.ipv4 is deprecated, use lxc.net.0.ipv4.address ("
                + tmp.resolve("config") + ":4)");
        assertThat(c.get("lxc.net.0.ipv4.address")).containsExactly("10.0.3.5/24", "192.168.1.2/24");
        assertThat(c.get("lxc.net")).containsExactly("veth", "macvlan");
    }

    @Test
    void unindexedKeyBeforeAnyTypeIsAnError() {
        assertThatThrownBy(() -> files.load("lxc.network.link = br0"))
                .hasMessageContaining("config:1: lxc.network.link: no network defined yet");
    }

    @Test
    void emptyLegacyTypeClearsAllNetworks() throws Exception {
        ContainerConfig c = files.load("lxc.network.type = veth", "lxc.network.type =", "lxc.network.type = empty");
        assertThat(c.networks()).extracting(Network::index, Network::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "empty"));
    }

    @Test
    void indexedLegacyAndCurrentNetworkKeys() throws Exception {
        ContainerConfig c = files.load("lxc.network.1.type = phys", "lxc.network.1.link = eth1",
                "lxc.net.0.type = veth", "lxc.net.0.veth.pair = vh0", "lxc.net.0.mtu = 1400",
                "lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx", "lxc.net.0.name = eth0", "lxc.net.0.script.up = /bin/up",
                "lxc.net.1.ipv4.address = 10.1.0.1/16 10.1.255.255", "lxc.net.2.type = vlan", "lxc.net.2.vlan.id = 7",
                "lxc.net.3.type = ipvlan", "lxc.net.3.ipvlan.mode = l3s", "lxc.net.3.ipvlan.isolation = vepa",
                "lxc.net.0.veth.vlan.id = none", "lxc.net.0.veth.vlan.tagged.id = 5", "lxc.net.0.l2proxy = 1",
                "lxc.net.0.veth.mode = router", "lxc.net.0.veth.ipv4.route = 10.9.0.0/16");
        assertThat(c.networks()).extracting(Network::type).containsExactly("veth", "phys", "vlan", "ipvlan");
        Network n0 = c.networks().get(0);
        assertThat(n0.vethPair()).isEqualTo("vh0");
        assertThat(n0.mtu()).isEqualTo(1400);
        assertThat(n0.hwaddr()).isEqualTo("00:16:3e:xx:xx:xx");
        assertThat(n0.name()).isEqualTo("eth0");
        assertThat(n0.scriptUp()).isEqualTo("/bin/up");
        assertThat(n0.vethVlanId()).isEqualTo("none");
        assertThat(n0.vethVlanTaggedIds()).containsExactly(5);
        assertThat(n0.l2proxy()).isTrue();
        assertThat(n0.vethMode()).isEqualTo("router");
        assertThat(n0.vethIpv4Routes()).containsExactly("10.9.0.0/16");
        assertThat(c.networks().get(1).ipv4()).containsExactly(new Network.IpAddress("10.1.0.1", 16, "10.1.255.255"));
        assertThat(c.networks().get(1).origin()).isEqualTo(new Origin(tmp.resolve("config"), 1));
        assertThat(c.networks().get(2).vlanId()).isEqualTo(7);
        assertThat(c.networks().get(3).ipvlanIsolation()).isEqualTo("vepa");
        assertThat(files.warnings).hasSize(2).last().asString().contains("use lxc.net.1.link");
    }

    @Test
    void netClearRemovesAll() throws Exception {
        assertThat(files.load("lxc.net.0.type = veth", "lxc.net =").networks()).isEmpty();
    }
}
