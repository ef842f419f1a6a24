package org.jlxc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;

import org.jlxc.config.ContainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupportCheckTest {
    @TempDir
    Path dir;

    private ContainerConfig config(String text) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, text);
        return ContainerConfig.load(file, w -> {});
    }

    @Test
    void aBusyboxConfigAsLxcWritesItIsSupported() throws Exception {
        List<String> warnings = new ArrayList<>();
        SupportCheck.check(config("""
                lxc.net.0.type = empty
                lxc.rootfs.path = dir:/var/lib/lxc/b1/rootfs
                lxc.signal.halt = SIGUSR1
                lxc.signal.reboot = SIGTERM
                lxc.uts.name = "b1"
                lxc.autodev = 1
                lxc.tty.max = 5
                lxc.pty.max = 1
                lxc.cap.drop = sys_module mac_admin mac_override sys_time
                lxc.mount.auto = cgroup:mixed proc:mixed sys:ro
                lxc.mount.entry = shm dev/shm tmpfs defaults,create=dir 0 0
                """), false, warnings::add);
        assertThat(warnings).isEmpty();
    }

    @Test
    void theDevicePolicyOfBothFamiliesIsEnforced() throws Exception {
        SupportCheck.check(config("""
                lxc.cgroup.devices.deny = a
                lxc.cgroup.devices.allow = c 1:3 rwm
                lxc.cgroup2.devices.deny = a
                lxc.cgroup2.devices.allow = c 1:3 rwm
                """), false, w -> {});
        ContainerConfig other = config("lxc.cgroup.devices.list = a\n");
        assertThatThrownBy(() -> SupportCheck.check(other, false, w -> {}))
                .hasMessageStartingWith("not supported yet: lxc.cgroup.devices.list");
    }

    @Test
    void aKeyNotEnforcedYetNamesItsLine() throws Exception {
        ContainerConfig c = config("lxc.rootfs.path = /srv\nlxc.seccomp.notify.proxy = unix:/x\n");
        assertThatThrownBy(() -> SupportCheck.check(c, false, w -> {}))
                .isInstanceOf(StartException.class)
                .hasMessage("not supported yet: lxc.seccomp.notify.proxy (" + dir.resolve("config") + ":2)");
        // The profile and the nesting switch are enforced (plan op SECCOMP).
        SupportCheck.check(config("lxc.seccomp.profile = /x\nlxc.seccomp.allow_nesting = 1\n"), false, w -> {});
    }

    @Test
    void everyHookTypeAndTheRootfsMountPointAreAcceptedByTheStart() throws Exception {
        // destroy (lxc-destroy) and clone (lxc-copy, which jlxc has not) do not concern a start,
        // as in LXC, which never runs them there.
        SupportCheck.check(config("""
                lxc.rootfs.path = /srv
                lxc.rootfs.mount = /mnt/r
                lxc.hook.version = 1
                lxc.hook.pre-start = /h
                lxc.hook.start-host = /h
                lxc.hook.pre-mount = /h
                lxc.hook.mount = /h
                lxc.hook.autodev = /h
                lxc.hook.start = /h
                lxc.hook.stop = /h
                lxc.hook.post-stop = /h
                lxc.hook.destroy = /h
                lxc.hook.clone = /h
                lxc.hook =
                """), false, w -> {});
    }

    @Test
    void everyNetworkTypeIsAccepted() throws Exception {
        SupportCheck.check(config("lxc.net.0.type = phys\nlxc.net.0.link = eth9\n"), false, w -> {});
        SupportCheck.check(config("lxc.net.0.type = macvlan\nlxc.net.0.link = br0\nlxc.net.0.macvlan.mode = bridge\n"),
                false, w -> {});
        SupportCheck.check(config("lxc.net.0.type = ipvlan\nlxc.net.0.link = br0\nlxc.net.0.ipvlan.mode = l2\n"
                + "lxc.net.0.ipvlan.isolation = vepa\nlxc.net.1.type = vlan\nlxc.net.1.link = br0\nlxc.net.1.vlan.id = 5\n"),
                false, w -> {});
    }

    @Test
    void aBridgedVethWithAddressesAndGatewaysIsAccepted() throws Exception {
        SupportCheck.check(config("""
                lxc.net.0.type = veth
                lxc.net.0.link = br0
                lxc.net.0.flags = up
                lxc.net.0.name = eth0
                lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx
                lxc.net.0.mtu = 1400
                lxc.net.0.veth.pair = vh0
                lxc.net.0.veth.mode = bridge
                lxc.net.0.ipv4.address = 10.0.3.2/24
                lxc.net.0.ipv4.gateway = auto
                lxc.net.0.ipv6.address = fd00::2/64
                lxc.net.0.ipv6.gateway = fd00::1
                lxc.net.1.type = empty
                lxc.net.1.flags = up
                """), false, w -> {});
    }

    @Test
    void scriptsAndHostRoutesAreAccepted() throws Exception {
        SupportCheck.check(config("""
                lxc.net.0.type = veth
                lxc.net.0.script.up = /bin/true
                lxc.net.0.script.down = /bin/true
                lxc.net.0.veth.ipv4.route = 10.1.0.0/16
                lxc.net.0.veth.ipv6.route = fd01::/64
                """), false, w -> {});
    }

    @Test
    void routedVethsL2proxyBridgeVlansAndQueuesAreAccepted() throws Exception {
        SupportCheck.check(config("""
                lxc.net.0.type = veth
                lxc.net.0.link = br0
                lxc.net.0.veth.vlan.id = 5
                lxc.net.0.veth.vlan.tagged.id = 6
                lxc.net.0.veth.n_rxqueues = 2
                lxc.net.0.veth.n_txqueues = 2
                lxc.net.0.l2proxy = 1
                lxc.net.1.type = veth
                lxc.net.1.veth.mode = router
                """), false, w -> {});
    }

    @Test
    void securityModuleKeysWarnOnceOnAHostWithoutOneAndFailOnAHostWithOne() throws Exception {
        ContainerConfig c = config("lxc.apparmor.profile = generated\nlxc.apparmor.allow_nesting = 1\n");
        List<String> warnings = new ArrayList<>();
        SupportCheck.check(c, false, warnings::add);
        assertThat(warnings).hasSize(1).first().asString().contains("lxc.apparmor.profile");
        assertThatThrownBy(() -> SupportCheck.check(c, true, w -> {}))
                .hasMessageContaining("not supported yet: lxc.apparmor.profile");
    }

    @Test
    void directoryAndOverlayRootfsAreSupportedTheOtherStoragesNotYet() throws Exception {
        SupportCheck.check(config("lxc.rootfs.path = overlay:/a:/b\nlxc.rootfs.options = noatime,index=off\n"), false,
                w -> {});
        ContainerConfig c = config("lxc.rootfs.path = loop:/srv/c1.img\n");
        assertThatThrownBy(() -> SupportCheck.check(c, false, w -> {}))
                .hasMessageContaining("lxc.rootfs.path of type loop");
    }

    @Test
    void theConsoleKeysAreEnforced() throws Exception {
        SupportCheck.check(config("""
                lxc.console.path = /dev/pts/3
                lxc.console.logfile = /var/log/c.log
                lxc.console.size = auto
                lxc.console.rotate = 1
                lxc.console.buffer.size = 64KB
                """), false, w -> {});
    }

    @Test
    void aConsolePeerThatIsNotATerminalDeviceIsRefusedBeforeTheStart() throws Exception {
        Path file = Files.writeString(dir.resolve("notatty"), "");
        assertThatThrownBy(() -> ConsolePeerCheck.check(config("lxc.console.path = " + file + "\n")))
                .isInstanceOf(StartException.class)
                .hasMessageStartingWith("lxc.console.path " + file + " (" + dir.resolve("config") + ":1): not a terminal");
        assertThatThrownBy(() -> ConsolePeerCheck.check(config("lxc.console.path = /dev/jlxc-missing\n")))
                .hasMessage("lxc.console.path /dev/jlxc-missing (" + dir.resolve("config") + ":1): no such device");
        ConsolePeerCheck.check(config("lxc.console.path = /dev/null\n"));
        ConsolePeerCheck.check(config("lxc.console.path = none\n"));
    }

    @Test
    void namespaceCloneAndKeepAreCheckedAsLxcAndWhatJlxcCannotDoIsRefused() throws Exception {
        SupportCheck.check(config("lxc.namespace.clone = mnt pid uts ipc\n"), false, w -> {});
        SupportCheck.check(config("lxc.namespace.keep = user time net\n"), false, w -> {});
        assertThatThrownBy(() -> SupportCheck.check(config("lxc.namespace.clone = mnt\nlxc.namespace.keep = net\n"),
                false, w -> {})).hasMessageContaining("cannot both be set");
        assertThatThrownBy(() -> SupportCheck.check(config("lxc.namespace.keep = net\n"), false, w -> {}))
                .hasMessageContaining("not supported yet: lxc.namespace.keep giving a user namespace of its own");
        assertThatThrownBy(() -> SupportCheck.check(config("lxc.namespace.clone = pid uts\n"), false, w -> {}))
                .hasMessageContaining("the host's mount namespace");
        assertThatThrownBy(() -> SupportCheck.check(config("lxc.uts.name = c1\nlxc.namespace.keep = user time uts\n"),
                false, w -> {})).hasMessageContaining("it would rename the host");
        assertThatThrownBy(() -> SupportCheck.check(config(
                "lxc.net.0.type = veth\nlxc.namespace.keep = user time net\n"), false, w -> {}))
                .hasMessageContaining("the host's network namespace with network devices");
    }

    @Test
    void idmapsAreAcceptedWithARootfsAndWhatTheyCannotHaveYetIsRefused() throws Exception {
        String maps = "lxc.rootfs.path = dir:/srv/c1\nlxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n";
        SupportCheck.check(config(maps), false, w -> {});
        assertThatThrownBy(() -> SupportCheck.check(config("lxc.idmap = u 0 100000 65536\n"), false, w -> {}))
                .hasMessage("not supported yet: lxc.idmap without lxc.rootfs.path (" + dir.resolve("config") + ":1)");
        // Set from the host (UserNamespace.setLimits), as LXC's monitor does.
        SupportCheck.check(config(maps + "lxc.prlimit.nofile = 10\n"), false, w -> {});
        assertThatThrownBy(() -> SupportCheck.check(config(maps + "lxc.namespace.share.net = other\n"), false, w -> {}))
                .hasMessageContaining("not supported yet: lxc.namespace.share.net with lxc.idmap");
        // A user namespace chosen without maps, or maps without one.
        assertThatThrownBy(() -> SupportCheck.check(config(maps + "lxc.namespace.keep = user\n"), false, w -> {}))
                .hasMessageContaining("giving the host's user namespace with lxc.idmap");
        SupportCheck.check(config(maps + "lxc.namespace.clone = mnt pid uts ipc user\n"), false, w -> {});
    }

    @Test
    void idmappedMountsAreRefused() throws Exception {
        assertThatThrownBy(() -> SupportCheck.check(config("lxc.rootfs.path = dir:/srv/c1\n"
                + "lxc.rootfs.options = idmap=container\n"), false, w -> {}))
                .hasMessage("not supported yet: lxc.rootfs.options with idmap= (idmapped mounts) (" + dir.resolve("config")
                        + ":2)");
        assertThatThrownBy(() -> SupportCheck.check(config("lxc.mount.entry = /a b none bind,idmap=container 0 0\n"),
                false, w -> {})).hasMessageContaining("lxc.mount.entry with idmap=");
    }
}
