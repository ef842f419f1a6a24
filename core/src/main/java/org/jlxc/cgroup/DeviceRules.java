package org.jlxc.cgroup;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jlxc.config.CgroupSetting;
import org.jlxc.config.ContainerConfig;

/**
 * A container's device policy as written: the {@code lxc.cgroup.devices.*} lines (v1 syntax) and
 * the {@code lxc.cgroup2.devices.*} lines, each family in config order, all parsed up front so a
 * bad line fails the start before anything runs.
 *
 * <p>Which family applies: the one written for the host's mechanism (v1 lines for the v1 devices
 * controller, cgroup2 lines for the BPF program), as LXC 5 does; a config that has only the other
 * family is translated (LXC would ignore it and leave every device open) and a note says so. No
 * lines at all: no policy, every device open, as LXC 5 (it has no built-in default; common.conf
 * carries LXC's usual one).
 */
public record DeviceRules(List<DeviceRule> v1, List<DeviceRule> v2) {

    public static DeviceRules of(ContainerConfig config) throws CgroupException {
        return of(config.cgroupSettings());
    }

    public static DeviceRules of(List<CgroupSetting> settings) throws CgroupException {
        List<DeviceRule> v1 = new ArrayList<>();
        List<DeviceRule> v2 = new ArrayList<>();
        for (CgroupSetting s : settings) {
            if (!s.controller().equals("devices")) continue;
            boolean allow = s.key().equals("devices.allow");
            if (!allow && !s.key().equals("devices.deny")) {
                String family = s.version() == 1 ? "lxc.cgroup." : "lxc.cgroup2.";
                throw new CgroupException("unknown devices key " + family + s.key()
                        + ": use devices.allow or devices.deny (" + s.origin() + ")");
            }
            (s.version() == 1 ? v1 : v2).add(DeviceRule.parse(allow, s.value(), s.origin()));
        }
        return new DeviceRules(List.copyOf(v1), List.copyOf(v2));
    }

    public boolean isEmpty() {
        return v1.isEmpty() && v2.isEmpty();
    }

    /** The rules for the v1 devices controller. */
    public List<DeviceRule> forV1(Consumer<String> notes) {
        if (!v1.isEmpty() || v2.isEmpty()) return v1;
        notes.accept("devices is a cgroup v1 controller on this host: applying the lxc.cgroup2.devices.* lines ("
                + v2.getFirst().origin() + ") to it");
        return v2;
    }

    /** The rules for the cgroup2 BPF device program. */
    public List<DeviceRule> forCgroup2(Consumer<String> notes) {
        if (!v2.isEmpty() || v1.isEmpty()) return v2;
        notes.accept("no devices cgroup v1 controller on this host: translating the lxc.cgroup.devices.* lines ("
                + v1.getFirst().origin() + ") into a cgroup2 BPF device program");
        return v1;
    }
}
