package org.jlxc.cgroup;

import java.util.function.Consumer;

/** Neither the v1 devices controller nor cgroup2 is mounted: a device policy cannot be enforced. */
public record NoDeviceController() implements DeviceController {
    @Override
    public void apply(ContainerCgroup cgroup, DeviceRules rules, Consumer<String> notes) throws CgroupException {
        if (rules.isEmpty()) return;
        DeviceRule first = rules.v1().isEmpty() ? rules.v2().getFirst() : rules.v1().getFirst();
        throw new CgroupException("cannot enforce the device policy (" + first.origin()
                + "): this host has neither the devices cgroup v1 controller nor cgroup2 mounted");
    }
}
