package org.jlxc.runtime;

/**
 * What the shim says about a running container.
 *
 * @param initPid init's pid on the host, 0 when there is none (yet, or any more)
 * @param shimPid the monitor's pid
 */
public record MonitorStatus(ContainerState state, int initPid, int shimPid) {}
