package org.jlxc.cgroup;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.jlxc.linux.Bpf;
import org.jlxc.linux.ErrnoException;

/**
 * cgroup2: the policy compiled into a BPF device program ({@link BpfDeviceProgram}), loaded and
 * attached to the container's cgroup2 directory. Nothing to undo: the kernel drops the program
 * with the cgroup.
 */
public record BpfDevices(Hierarchy unified, Loader loader) implements DeviceController {

    /** Loads and attaches a program to a cgroup directory (a seam for tests). */
    @FunctionalInterface
    public interface Loader {
        void attach(Path cgroupDir, BpfDeviceProgram program) throws ErrnoException;
    }

    static void attach(Path cgroupDir, BpfDeviceProgram program) throws ErrnoException {
        Bpf.attachDeviceProgram(cgroupDir, program.bytes());
    }

    @Override
    public void apply(ContainerCgroup cgroup, DeviceRules rules, Consumer<String> notes) throws CgroupException {
        List<DeviceRule> list = rules.forCgroup2(notes);
        if (list.isEmpty()) return;
        Path dir = cgroup.dirIn(unified);
        try {
            loader.attach(dir, BpfDeviceProgram.of(list));
        } catch (ErrnoException e) {
            throw new CgroupException("cannot attach the device policy (" + list.getFirst().origin()
                    + ") to " + dir + " as a BPF program: " + e.getMessage(), e);
        }
    }
}
