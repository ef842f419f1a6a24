package org.jlxc.runtime;

/**
 * What the shim says about a running container.
 *
 * @param initPid    init's pid on the host, 0 when there is none (yet, or any more)
 * @param shimPid    the monitor's pid
 * @param initStatus init's wait status once it ended (lxc-monitor's "exited with status"), -1 before
 */
public record MonitorStatus(ContainerState state, int initPid, int shimPid, int initStatus) {

    public MonitorStatus(ContainerState state, int initPid, int shimPid) {
        this(state, initPid, shimPid, -1);
    }
}
