package org.jlxc.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jlxc.config.ContainerConfig;
import org.jlxc.config.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceRuleTest {
    private static final Origin AT = new Origin(Path.of("/c/config"), 7);

    @TempDir
    Path tmp;

    @Test
    void theBareAIsEveryDeviceAndResets() throws Exception {
        DeviceRule r = DeviceRule.parse(false, "a", AT);
        assertThat(r.all()).isTrue();
        assertThat(r.v1File()).isEqualTo("devices.deny");
        assertThat(r.v1Value()).isEqualTo("a");
    }

    @Test
    void typeNumbersAndAccess() throws Exception {
        DeviceRule r = DeviceRule.parse(true, "c 1:3 rwm", AT);
        assertThat(r).isEqualTo(new DeviceRule(true, 'c', 1, 3, "rwm", false, AT));
        assertThat(r.accessMask()).isEqualTo(7);
        assertThat(r.v1Value()).isEqualTo("c 1:3 rwm");
    }

    @Test
    void starsAreAnyNumber() throws Exception {
        DeviceRule r = DeviceRule.parse(true, "b *:* m", AT);
        assertThat(r).isEqualTo(new DeviceRule(true, 'b', -1, -1, "m", false, AT));
        assertThat(r.accessMask()).isEqualTo(1);
        assertThat(r.v1Value()).isEqualTo("b *:* m");
        assertThat(DeviceRule.parse(true, "c 136:* rw", AT).accessMask()).isEqualTo(6);
        assertThat(DeviceRule.parse(false, "a *:* rwm", AT).all()).isFalse();
    }

    @Test
    void badLinesNameTheFileAndLine() {
        for (String bad : List.of("x 1:3 rwm", "c1:3 rwm", "c 1-3 rwm", "c a:3 rwm", "c 1:3rwm", "c 1:3 rwx",
                "c 99999999999:1 r", "", "c")) {
            assertThatThrownBy(() -> DeviceRule.parse(true, bad, AT))
                    .as(bad)
                    .isInstanceOf(CgroupException.class)
                    .hasMessageContaining("invalid device rule \"" + bad + "\" for devices.allow")
                    .hasMessageEndingWith("(/c/config:7)");
        }
    }

    @Test
    void aDevicePathTakesTheNodesTypeAndNumbers() throws Exception {
        DeviceRule r = DeviceRule.parse(true, "/dev/null rw", AT);
        assertThat(r).isEqualTo(new DeviceRule(true, 'c', 1, 3, "rw", false, AT));
        Path file = Files.writeString(tmp.resolve("f"), "");
        assertThatThrownBy(() -> DeviceRule.parse(true, file + " rw", AT)).hasMessageContaining("is not a device node");
    }

    @Test
    void configLinesOfBothFamiliesAndAnUnknownDevicesKey() throws Exception {
        Path config = Files.writeString(tmp.resolve("config"), """
                lxc.cgroup.devices.deny = a
                lxc.cgroup.devices.allow = c 1:3 rwm
                lxc.cgroup2.devices.allow = c 1:5 rwm
                """);
        DeviceRules rules = DeviceRules.of(ContainerConfig.load(config, w -> { }));
        assertThat(rules.v1()).extracting(DeviceRule::v1Value).containsExactly("a", "c 1:3 rwm");
        assertThat(rules.v2()).extracting(DeviceRule::v1Value).containsExactly("c 1:5 rwm");
        List<String> notes = new ArrayList<>();
        assertThat(rules.forV1(notes::add)).isEqualTo(rules.v1());
        assertThat(rules.forCgroup2(notes::add)).isEqualTo(rules.v2());
        assertThat(notes).isEmpty();

        Path bad = Files.writeString(tmp.resolve("bad"), "lxc.cgroup.devices.allow = c 1:3 rwm\nlxc.cgroup2.devices.list = a\n");
        assertThatThrownBy(() -> DeviceRules.of(ContainerConfig.load(bad, w -> { })))
                .hasMessage("unknown devices key lxc.cgroup2.devices.list: use devices.allow or devices.deny (" + bad + ":2)");
        Path badValue = Files.writeString(tmp.resolve("badvalue"), "lxc.cgroup.devices.allow = c 1:3 rwq\n");
        assertThatThrownBy(() -> DeviceRules.of(ContainerConfig.load(badValue, w -> { })))
                .hasMessageContaining("(" + badValue + ":1)");
    }

    @Test
    void onlyTheOtherFamilyIsTranslatedWithANote() throws Exception {
        DeviceRule deny = DeviceRule.parse(false, "a", AT);
        List<String> notes = new ArrayList<>();
        DeviceRules v1Only = new DeviceRules(List.of(deny), List.of());
        assertThat(v1Only.forCgroup2(notes::add)).containsExactly(deny);
        assertThat(notes).singleElement().asString()
                .contains("translating the lxc.cgroup.devices.* lines (/c/config:7) into a cgroup2 BPF device program");
        notes.clear();
        DeviceRules v2Only = new DeviceRules(List.of(), List.of(deny));
        assertThat(v2Only.forV1(notes::add)).containsExactly(deny);
        assertThat(notes).singleElement().asString().contains("applying the lxc.cgroup2.devices.* lines");
        notes.clear();
        assertThat(new DeviceRules(List.of(), List.of()).forCgroup2(notes::add)).isEmpty();
        assertThat(notes).isEmpty();
    }
}
