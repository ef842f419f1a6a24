package org.jlxc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * veth networks on a bridge this test makes: a host bridge with a unique name and a private
 * address, no uplink (nothing leaves it), deleted at the end. Two busybox containers on it talk
 * (ping, a TCP echo), get their gateway route, show up in lxc-info -i; a bad address fails the
 * start naming its line and leaves no veth; after a stop no host end is left; two macvlans
 * (bridge mode) on the same bridge talk.
 */
@Tag("privileged")
class NetworkIT {
    private static final long PID = ProcessHandle.current().pid();
    private static final String BRIDGE = "nsbr-" + PID;
    /** 10.213.N.0/24, N from our pid: two runs of this test at once do not share a subnet. */
    private static final String NET = "10.213." + (PID % 250) + ".";

    @BeforeAll
    static void bridge() {
        Cmd.run("ip", "link", "add", BRIDGE, "type", "bridge").assertOk();
        Cmd.run("ip", "addr", "add", NET + "1/24", "dev", BRIDGE).assertOk();
        Cmd.run("ip", "link", "set", BRIDGE, "up").assertOk();
    }

    @AfterAll
    static void removeBridge() {
        Cmd.run("ip", "link", "del", BRIDGE);
        assertThat(Cmd.run("ip", "link", "show", BRIDGE).exit()).as("bridge removed").isNotZero();
    }

    /** Every test: nothing left on the bridge, no cgroup of ours. */
    @AfterEach
    void nothingLeft() throws Exception {
        assertThat(vethsOnBridge()).as("host veth ends left on " + BRIDGE).isEmpty();
        for (String n : new String[] {"nsa", "nsb", "nsbad", "nsstop", "nsmva", "nsmvb", "nscyc"}) {
            assertThat(FirstContainerIT.cgroupLeft(n)).as("cgroup of " + n).isFalse();
        }
    }

    /** The host ends attached to our bridge (after a stop, waiting for the kernel to free the namespace). */
    private static String vethsOnBridge() throws InterruptedException {
        String out = "";
        for (int i = 0; i < 100; i++) {
            out = Cmd.run("ip", "-o", "link", "show", "master", BRIDGE).out().strip();
            if (out.isEmpty()) return out;
            Thread.sleep(50);
        }
        return out;
    }

    /** A busybox container made by LXC's lxc-create with `net` as its network config. */
    static void create(Lxcpath lxc, String name, String net) throws Exception {
        Path f = lxc.dir.resolve("net-" + name + ".conf");
        Files.writeString(f, net);
        Cmd.run("lxc-create", "-P", lxc.path(), "-n", name, "-t", "busybox", "-f", f.toString()).assertOk();
    }

    private static String veth(String address, String extra) {
        return "lxc.net.0.type = veth\nlxc.net.0.link = " + BRIDGE + "\nlxc.net.0.flags = up\n"
                + "lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx\nlxc.net.0.ipv4.address = " + address + "/24\n" + extra;
    }

    @Test
    void twoContainersOnOneBridgeReachEachOther() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            String p = lxc.path();
            create(lxc, "nsa", veth(NET + "2", "lxc.net.0.ipv6.address = fd42:213:" + PID % 9999 + "::2/64\n"));
            create(lxc, "nsb", veth(NET + "3", "lxc.net.0.ipv4.gateway = auto\n"));
            // A persistent TCP echo server (busybox nc: -ll keeps listening, cat sends back what comes in).
            Cmd.jlxc("start", "-P", p, "-n", "nsa", "-d", "--", "/bin/nc", "-ll", "-p", "7777", "-e", "/bin/cat").assertOk();
            try {
                Cmd info = Cmd.jlxc("info", "-P", p, "-n", "nsa", "-i").assertOk();
                assertThat(info.out()).isEqualTo("IP:             " + NET + "2\nIP:             fd42:213:"
                        + PID % 9999 + "::2\n");
                assertThat(Cmd.jlxc("ls", "-P", p, "-f").out()).contains(NET + "2").contains("fd42:213:");
                Cmd b = Cmd.jlxc("start", "-P", p, "-n", "nsb", "-F", "--", "/bin/sh", "-c",
                        "ping -c1 -W2 " + NET + "2 >/dev/null && echo PING-OK; "
                                + "echo hello-over-tcp | nc -w2 " + NET + "2 7777; ip route; ip link show lo");
                assertThat(b.exit()).as(b.toString()).isZero();
                assertThat(b.out()).contains("PING-OK").contains("hello-over-tcp")
                        .contains("default via " + NET + "1 dev eth0")
                        .as("lo up with the device, as LXC").containsPattern("lo: <LOOPBACK,UP");
            } finally {
                Cmd.jlxc("stop", "-P", p, "-n", "nsa", "-k");
            }
        }
    }

    @Test
    void aMacvlanPairInBridgeModeTalks() throws Exception {
        // A bridge without ports has no carrier, and a macvlan takes its lower device's: a port of
        // our own (a veth pair, both ends on the host) gives it one.
        String port = "nsbp" + PID;
        Cmd.run("ip", "link", "add", port, "type", "veth", "peer", "name", "nsbq" + PID).assertOk();
        try (Lxcpath lxc = new Lxcpath()) {
            Cmd.run("ip", "link", "set", port, "master", BRIDGE, "up").assertOk();
            Cmd.run("ip", "link", "set", "nsbq" + PID, "up").assertOk();
            String p = lxc.path();
            String mv = "lxc.net.0.type = macvlan\nlxc.net.0.link = " + BRIDGE + "\nlxc.net.0.macvlan.mode = bridge\n"
                    + "lxc.net.0.flags = up\nlxc.net.0.name = mv0\nlxc.net.0.ipv4.address = ";
            create(lxc, "nsmva", mv + NET + "6/24\n");
            create(lxc, "nsmvb", mv + NET + "7/24\nlxc.net.0.ipv4.gateway = auto\n");
            Cmd.jlxc("start", "-P", p, "-n", "nsmva", "-d", "--", "/bin/sleep", "100").assertOk();
            try {
                assertThat(Cmd.jlxc("info", "-P", p, "-n", "nsmva", "-iH").out()).isEqualTo(NET + "6\n");
                Cmd b = Cmd.jlxc("start", "-P", p, "-n", "nsmvb", "-F", "--", "/bin/sh", "-c",
                        "ping -c1 -W2 " + NET + "6 >/dev/null && echo PING-OK; ip route; ip -o link show mv0");
                assertThat(b.exit()).as(b.toString()).isZero();
                assertThat(b.out()).contains("PING-OK").contains("default via " + NET + "1 dev mv0")
                        .containsPattern("mv0@if\\d+: <BROADCAST,MULTICAST,UP");
            } finally {
                Cmd.jlxc("stop", "-P", p, "-n", "nsmva", "-k");
            }
            assertThat(Cmd.run("ip", "-o", "link", "show", "type", "macvlan").out()).as("no macvlan left on the host")
                    .doesNotContain(BRIDGE);
        } finally {
            Cmd.run("ip", "link", "del", port);
        }
    }

    @Test
    void aBadAddressFailsTheStartNamingItsLineAndLeavesNoVeth() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            String pair = "nsv" + PID;
            // The same address twice: the parser takes it, the kernel refuses the second (EEXIST).
            create(lxc, "nsbad", veth(NET + "4", "lxc.net.0.ipv4.address = " + NET + "4/24\nlxc.net.0.veth.pair = "
                    + pair + "\n"));
            Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", "nsbad", "-F", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("lxc.net.0.ipv4.address (" + lxc.config("nsbad") + ":")
                    .contains("add address " + NET + "4/24").contains("File exists");
            assertThat(Cmd.run("ip", "link", "show", pair).exit()).as("host end " + pair + " removed").isNotZero();
            assertThat(Cmd.jlxc("info", "-P", lxc.path(), "-n", "nsbad", "-s").out()).contains("STOPPED");
        }
    }

    @Test
    void fiftyStartsAndStopsLeaveNoVethBehind() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            create(lxc, "nscyc", veth(NET + "8", ""));
            for (int i = 0; i < 50; i++) {
                Cmd r = Cmd.jlxc("start", "-P", lxc.path(), "-n", "nscyc", "-F", "--", "/bin/true");
                assertThat(r.exit()).as("cycle " + i + ": " + r).isZero();
            }
            assertThat(vethsOnBridge()).isEmpty();
            assertThat(Cmd.run("ip", "-o", "link", "show", "type", "veth").out()).as("no generated host end left")
                    .doesNotContain("master " + BRIDGE);
        }
    }

    @Test
    void aStoppedContainerLeavesNoHostEnd() throws Exception {
        try (Lxcpath lxc = new Lxcpath()) {
            String pair = "nsw" + PID;
            create(lxc, "nsstop", veth(NET + "5", "lxc.net.0.veth.pair = " + pair + "\n"));
            Cmd.jlxc("start", "-P", lxc.path(), "-n", "nsstop", "-d", "--", "/bin/sleep", "100").assertOk();
            try {
                String link = Cmd.run("ip", "-o", "link", "show", pair).assertOk().out();
                assertThat(link).contains("master " + BRIDGE).contains("state UP").contains("link/ether fe:");
                assertThat(Cmd.jlxc("info", "-P", lxc.path(), "-n", "nsstop", "-S").assertOk().out())
                        .as("lxc-info's host end statistics").contains("Link:           " + pair + "\n TX bytes:")
                        .contains(" Total bytes:");
            } finally {
                Cmd.jlxc("stop", "-P", lxc.path(), "-n", "nsstop", "-k");
            }
            boolean gone = false;
            for (int i = 0; i < 100 && !gone; i++) {
                gone = Cmd.run("ip", "link", "show", pair).exit() != 0;
                if (!gone) Thread.sleep(50);
            }
            assertThat(gone).as("host end " + pair + " gone after the stop").isTrue();
        }
    }
}
