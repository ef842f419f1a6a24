package org.jlxc.cgroup;

import java.util.function.Consumer;

/**
 * What enforces a container's device policy on this host: the v1 devices controller when it is
 * mounted, else a BPF device program on the container's cgroup2 directory (LXC's choice too:
 * its BPF program exists for hosts without the v1 controller). Applied to the container's fresh
 * cgroup before init is moved into it.
 */
public sealed interface DeviceController permits LegacyDevices, BpfDevices, NoDeviceController {

    /** Enforces the rules on the container's cgroup; no rules, nothing to do (every device open). */
    void apply(ContainerCgroup cgroup, DeviceRules rules, Consumer<String> notes) throws CgroupException;

    /** The v1 devices controller if mounted, else cgroup2's BPF device programs. */
    static DeviceController forHierarchies(java.util.List<Hierarchy> hierarchies) {
        for (Hierarchy h : hierarchies) {
            if (h.has("devices")) return new LegacyDevices(h, LegacyDevices::write);
        }
        for (Hierarchy h : hierarchies) {
            if (h.unified()) return new BpfDevices(h, BpfDevices::attach);
        }
        return new NoDeviceController();
    }
}
