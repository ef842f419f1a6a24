package org.jlxc.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jlxc.config.Origin;
import org.jlxc.linux.Errno;
import org.jlxc.linux.ErrnoException;
import org.junit.jupiter.api.Test;

class DeviceControllerTest {
    private static final Hierarchy DEVICES = new Hierarchy(Path.of("/sys/fs/cgroup/devices"), List.of("devices"), false, "/");
    private static final Hierarchy MEMORY = new Hierarchy(Path.of("/sys/fs/cgroup/memory"), List.of("memory"), false, "/");
    private static final Hierarchy UNIFIED = new Hierarchy(Path.of("/sys/fs/cgroup/unified"), List.of(), true, "/a");

    private static DeviceRule rule(boolean allow, String value, int line) throws CgroupException {
        return DeviceRule.parse(allow, value, new Origin(Path.of("/c/config"), line));
    }

    private static DeviceRules usual() throws CgroupException {
        return new DeviceRules(List.of(rule(false, "a", 1), rule(true, "c *:* m", 2), rule(true, "c 1:3 rwm", 3),
                rule(false, "c 1:3 w", 4)), List.of());
    }

    @Test
    void theV1ControllerWhenMountedElseCgroup2() {
        assertThat(DeviceController.forHierarchies(List.of(UNIFIED, MEMORY, DEVICES)))
                .isInstanceOfSatisfying(LegacyDevices.class, d -> assertThat(d.hierarchy()).isEqualTo(DEVICES));
        assertThat(DeviceController.forHierarchies(List.of(MEMORY, UNIFIED)))
                .isInstanceOfSatisfying(BpfDevices.class, d -> assertThat(d.unified()).isEqualTo(UNIFIED));
        assertThat(DeviceController.forHierarchies(List.of(MEMORY))).isInstanceOf(NoDeviceController.class);
    }

    @Test
    void v1WritesEachRuleInConfigOrderToItsFile() throws Exception {
        List<String> writes = new ArrayList<>();
        var cgroup = ContainerCgroup.of(new CgroupLayout(List.of(DEVICES)), "dv1");
        new LegacyDevices(DEVICES, (file, value) -> writes.add(file + " < " + value)).apply(cgroup, usual(), n -> { });
        String dir = "/sys/fs/cgroup/devices/lxc.payload.dv1/";
        assertThat(writes).containsExactly(dir + "devices.deny < a", dir + "devices.allow < c *:* m",
                dir + "devices.allow < c 1:3 rwm", dir + "devices.deny < c 1:3 w");
    }

    @Test
    void aV1WriteRefusedAsNotPermittedIsANoteAnyOtherFailureFails() throws Exception {
        var cgroup = ContainerCgroup.of(new CgroupLayout(List.of(DEVICES)), "dv1");
        List<String> notes = new ArrayList<>();
        new LegacyDevices(DEVICES, (file, value) -> {
            if (value.equals("c *:* m")) throw new AccessDeniedException(file.toString());
        }).apply(cgroup, usual(), notes::add);
        assertThat(notes).singleElement().asString().contains("c *:* m").contains("/c/config:2");

        assertThatThrownBy(() -> new LegacyDevices(DEVICES, (file, value) -> {
            throw new IOException(file + ": Invalid argument");
        }).apply(cgroup, usual(), n -> { })).isInstanceOf(CgroupException.class)
                .hasMessageContaining("cannot write \"a\" to /sys/fs/cgroup/devices/lxc.payload.dv1/devices.deny (/c/config:1)");
    }

    @Test
    void cgroup2AttachesTheCompiledProgramToTheContainersDirectory() throws Exception {
        var cgroup = ContainerCgroup.of(new CgroupLayout(List.of(UNIFIED)), "dv2");
        List<String> attached = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        new BpfDevices(UNIFIED, (dir, program) -> attached.add(dir + " " + program.instructions().size()))
                .apply(cgroup, usual(), notes::add);
        int expected = BpfDeviceProgram.of(usual().v1()).instructions().size();
        assertThat(attached).containsExactly("/sys/fs/cgroup/unified/a/lxc.payload.dv2 " + expected);
        assertThat(notes).singleElement().asString().contains("translating the lxc.cgroup.devices.* lines");

        attached.clear();
        new BpfDevices(UNIFIED, (dir, program) -> attached.add(dir.toString()))
                .apply(cgroup, new DeviceRules(List.of(), List.of()), n -> { });
        assertThat(attached).as("no rules, no program (as LXC 5)").isEmpty();

        assertThatThrownBy(() -> new BpfDevices(UNIFIED, (dir, program) -> {
            throw new ErrnoException("bpf", "BPF_PROG_ATTACH", Errno.EPERM);
        }).apply(cgroup, usual(), n -> { })).hasMessageContaining("(/c/config:1)").hasMessageContaining("EPERM");
    }

    @Test
    void noMechanismFailsOnlyWhenThereIsAPolicy() throws Exception {
        var cgroup = ContainerCgroup.of(new CgroupLayout(List.of(MEMORY)), "dv3");
        new NoDeviceController().apply(cgroup, new DeviceRules(List.of(), List.of()), n -> { });
        assertThatThrownBy(() -> new NoDeviceController().apply(cgroup, usual(), n -> { }))
                .hasMessageContaining("(/c/config:1)");
    }
}
