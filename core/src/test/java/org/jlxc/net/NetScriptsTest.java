package org.jlxc.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.jlxc.config.ContainerConfig;
import org.jlxc.plan.HookCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected values from LXC's run_script_argv (utils.c) and the argv arrays of network.c. */
class NetScriptsTest {
    @TempDir
    Path tmp;

    HookCommand.Context ctx = new HookCommand.Context("c1", Path.of("/var/lib/lxc/c1/config"), null);

    ContainerConfig config(String text) throws Exception {
        Path f = tmp.resolve("config");
        Files.writeString(f, text);
        return ContainerConfig.load(f, w -> { });
    }

    @Test
    void vethUpAndDownVersion0() throws Exception {
        ContainerConfig c = config("lxc.net.0.type = veth\nlxc.net.0.link = br0\nlxc.net.0.veth.pair = vh1\n"
                + "lxc.net.0.script.up = /bin/up.sh -x\nlxc.net.0.script.down = /bin/down.sh\n");
        NetDevice d = NetworkPlan.of(c, new Random(1)).devices().get(0);
        HookCommand up = NetScripts.up(d, c, ctx);
        assertThat(up.argv()).containsExactly("/bin/sh", "-c", "exec /bin/up.sh -x 'c1' 'net' 'up' veth br0 vh1");
        assertThat(up.cause()).isEqualTo("lxc.net.0.script.up (" + tmp.resolve("config") + ":4)");
        assertThat(up.env()).contains("LXC_NAME=c1", "LXC_HOOK_VERSION=0")
                .noneMatch(e -> e.startsWith("LXC_NET_") || e.startsWith("LXC_HOOK_TYPE"));
        HookCommand down = NetScripts.down(d, c, ctx);
        assertThat(down.argv().get(2)).isEqualTo("exec /bin/down.sh 'c1' 'net' 'down' veth br0 vh1");
    }

    @Test
    void vethVersion1PutsTheNamesInTheEnvironmentAndKeepsTheArguments() throws Exception {
        ContainerConfig c = config("lxc.hook.version = 1\nlxc.net.0.type = veth\n"
                + "lxc.net.0.script.up = /bin/up.sh\n");
        var d = (NetDevice.Veth) NetworkPlan.of(c, new Random(1)).devices().get(0);
        HookCommand up = NetScripts.up(d, c, ctx);
        // No link: an empty word, which the shell drops (as LXC's netdev->link "").
        assertThat(up.argv().get(2)).isEqualTo("exec /bin/up.sh veth  " + d.pair());
        assertThat(up.env()).contains("LXC_HOOK_VERSION=1", "LXC_HOOK_TYPE=up", "LXC_HOOK_SECTION=net",
                "LXC_NET_TYPE=veth", "LXC_NET_PARENT=", "LXC_NET_PEER=" + d.pair());
        assertThat(NetScripts.down(d, c, ctx)).isNull();
    }

    @Test
    void macvlanPhysVlanIpvlanEmpty() throws Exception {
        ContainerConfig c = config("lxc.hook.version = 1\n"
                + "lxc.net.0.type = macvlan\nlxc.net.0.link = e0\nlxc.net.0.script.up = /u\n"
                + "lxc.net.1.type = phys\nlxc.net.1.link = e1\nlxc.net.1.script.down = /d\n"
                + "lxc.net.2.type = vlan\nlxc.net.2.link = e2\nlxc.net.2.script.up = /u\n"
                + "lxc.net.3.type = ipvlan\nlxc.net.3.link = e3\nlxc.net.3.script.up = /u\n"
                + "lxc.net.4.type = empty\nlxc.net.4.script.up = /u\n");
        var p = NetworkPlan.of(c, new Random(1)).devices();
        HookCommand mac = NetScripts.up(p.get(0), c, ctx);
        assertThat(mac.argv().get(2)).isEqualTo("exec /u macvlan e0");
        assertThat(mac.env()).contains("LXC_NET_TYPE=macvlan", "LXC_NET_PARENT=e0")
                .noneMatch(e -> e.startsWith("LXC_NET_PEER="));
        HookCommand phys = NetScripts.down(p.get(1), c, ctx);
        assertThat(phys.argv().get(2)).isEqualTo("exec /d phys e1");
        assertThat(phys.env()).contains("LXC_HOOK_TYPE=down", "LXC_NET_PARENT=e1");
        // vlan and ipvlan get no LXC_NET_PARENT (run_script_argv sets it for macvlan, phys, veth only).
        HookCommand vlan = NetScripts.up(p.get(2), c, ctx);
        assertThat(vlan.argv().get(2)).isEqualTo("exec /u vlan e2");
        assertThat(vlan.env()).contains("LXC_NET_TYPE=vlan").noneMatch(e -> e.startsWith("LXC_NET_PARENT="));
        assertThat(NetScripts.up(p.get(3), c, ctx).argv().get(2)).isEqualTo("exec /u ipvlan e3");
        HookCommand empty = NetScripts.up(p.get(4), c, ctx);
        assertThat(empty.argv().get(2)).isEqualTo("exec /u empty");
        assertThat(empty.env()).contains("LXC_NET_TYPE=empty");
    }

    @Test
    void noneHasNoScripts() throws Exception {
        ContainerConfig c = config("lxc.net.0.type = none\nlxc.net.0.script.up = /u\n");
        NetDevice d = NetworkPlan.of(c, new Random(1)).devices().get(0);
        assertThat(NetScripts.up(d, c, ctx)).isNull();
        assertThat(NetScripts.down(d, c, ctx)).isNull();
    }
}
