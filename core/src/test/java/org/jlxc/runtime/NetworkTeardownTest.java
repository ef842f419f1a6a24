package org.jlxc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jlxc.config.ContainerConfig;
import org.jlxc.net.NetworkPlan;
import org.jlxc.plan.HookCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkTeardownTest {
    @TempDir
    Path tmp;

    @Test
    void theRecordSurvivesTheRuntimeDirectoryWhole() throws Exception {
        RuntimeDir dir = new RuntimeDir(tmp);
        HookCommand down = new HookCommand("down", "lxc.net.1.script.down (/c:9)", List.of("/bin/sh", "-c", "exec /d"),
                List.of("LXC_NAME=c1"));
        NetworkTeardown t = new NetworkTeardown("/proc/42/fd/7", "net:[4026532301]", List.of(
                NetworkTeardown.Device.of("lxc.net.0").withHostVeth("vethAB12cd")
                        .withProxy(new NetworkTeardown.Proxy("br0", "10.0.3.5", false)),
                NetworkTeardown.Device.of("lxc.net.1")
                        .withPhys(new NetworkTeardown.PhysNic(9, 5, "physQ1w2E3", "enp9s0", 1500)).withDown(down)));
        t.save(dir);
        assertThat(NetworkTeardown.load(dir, w -> { throw new AssertionError(w); })).isEqualTo(t);
        assertThat(t.needsWork()).isTrue();
        assertThat(new NetworkTeardown(null, null, List.of(NetworkTeardown.Device.of("lxc.net.0").withHostVeth("v")))
                .needsWork()).as("a host veth end alone goes with the namespace").isFalse();
    }

    @Test
    void noRecordIsNothingToUndoAndADamagedOneIsAWarning() throws Exception {
        RuntimeDir dir = new RuntimeDir(tmp);
        assertThat(NetworkTeardown.load(dir, w -> { throw new AssertionError(w); }).devices()).isEmpty();
        Files.write(NetworkTeardown.file(dir), new byte[] {0, 3, 'a'});
        List<String> warnings = new ArrayList<>();
        assertThat(NetworkTeardown.load(dir, warnings::add).devices()).isEmpty();
        assertThat(warnings).singleElement().asString().contains("cannot read what to undo of the container's network");
    }

    @Test
    void onlyNicsDownScriptsAndL2proxyNeedJavaAtTheStop() throws Exception {
        assertThat(needs("lxc.net.0.type = veth\nlxc.net.0.link = br0\nlxc.net.0.script.up = /u\n")).isFalse();
        assertThat(needs("lxc.net.0.type = veth\nlxc.net.0.script.down = /d\n")).isTrue();
        assertThat(needs("lxc.net.0.type = phys\nlxc.net.0.link = eth1\n")).isTrue();
        assertThat(needs("lxc.net.0.type = macvlan\nlxc.net.0.link = eth1\nlxc.net.0.l2proxy = 1\n")).isTrue();
        assertThat(needs("lxc.net.0.type = none\n")).isFalse();
    }

    private boolean needs(String config) throws Exception {
        Path f = tmp.resolve("config");
        Files.writeString(f, config);
        return NetworkSetup.needsTeardown(NetworkPlan.of(ContainerConfig.load(f, w -> {}), new java.util.SplittableRandom(1)));
    }
}
