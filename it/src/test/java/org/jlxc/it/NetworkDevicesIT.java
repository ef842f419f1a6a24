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
        for (String n : new String[] {"ndphys", "ndbad", "ndscr", "ndfail", "ndrt", "ndvlan", "ndipv"}) {
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
            Files.writeString(script, "#!/bin/sh\necho \"$* | $LXC_NAME $LXC_HOOK_TYPE $LXC_NET_TYPE $LXC_NET_PARENT"
                    + " $LXC_NET_PEER\" >> " + log + "\n");
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
    void vethRoutesAreOnTheHostWhileItRuns() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            String pair = "ndr" + PID;
            String routed = "10.215." + (PID % 250) + ".0/24";
            NetworkIT.create(lxc, "ndrt", "lxc.net.0.type = veth\nlxc.net.0.link = " + BRIDGE + "\nlxc.net.0.veth.pair = "
                    + pair + "\nlxc.net.0.veth.ipv4.route = " + routed + "\n");
            lxc.jlxc("ndrt", "start", "-d", "--", "/bin/sleep", "100").assertOk();
            try {
                assertThat(Cmd.run("ip", "route", "show", routed).out()).contains("dev " + pair).contains("scope link");
            } finally {
                lxc.jlxc("ndrt", "stop", "-k").assertOk();
            }
            assertThat(Cmd.run("ip", "route", "show", routed).out()).as("the route went with the veth").isEmpty();
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
