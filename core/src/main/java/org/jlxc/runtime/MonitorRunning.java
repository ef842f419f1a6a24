package org.jlxc.runtime;

import java.time.Duration;

import org.jlxc.Container;
import org.jlxc.store.ContainerDir;
import org.jlxc.store.RunningContainers;

/** What lxc-destroy asks of the runtime: whether a container runs, and stopping it (-f). */
public final class MonitorRunning implements RunningContainers {
    @Override
    public boolean isRunning(ContainerDir dir) {
        return new Container(dir.name(), dir.lxcpath(), w -> {}).isRunning();
    }

    @Override
    public void stop(ContainerDir dir) throws Exception {
        Container c = new Container(dir.name(), dir.lxcpath(), w -> {});
        if (c.stop(Duration.ofSeconds(60), true) == Container.StopResult.TIMED_OUT) {
            throw new StartException(dir.name() + " did not stop");
        }
    }
}
