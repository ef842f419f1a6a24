package org.jlxc.runtime;

import org.jlxc.cgroup.CgroupLayout;
import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.store.ContainerDir;
import org.jlxc.store.RunningContainers;

/**
 * Whether a container runs, told by its cgroup: a foreground start holds init in
 * `lxc.payload.NAME` for as long as it runs. (State files and lxc-stop come with daemon mode.)
 */
public final class CgroupRunning implements RunningContainers {
    @Override
    public boolean isRunning(ContainerDir dir) {
        return ContainerCgroup.of(CgroupLayout.ofHost(), dir.name()).hasProcesses();
    }

    @Override
    public void stop(ContainerDir dir) {
        throw new UnsupportedOperationException("stopping " + dir.name() + " is not supported yet (lxc-stop)");
    }
}
