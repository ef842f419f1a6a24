package org.jlxc.store;

/**
 * What the store needs to know from the runtime, which lives elsewhere: whether a container
 * runs, and how to stop it (for {@code lxc-destroy -f}).
 */
public interface RunningContainers {

    boolean isRunning(ContainerDir dir) throws Exception;

    /** Stops the container and returns once it is stopped. */
    void stop(ContainerDir dir) throws Exception;

    /** No runtime wired in: nothing ever runs, so nothing can be stopped either. */
    RunningContainers NONE = new RunningContainers() {
        @Override
        public boolean isRunning(ContainerDir dir) {
            return false;
        }

        @Override
        public void stop(ContainerDir dir) {
            throw new UnsupportedOperationException("no container runtime available to stop " + dir.name());
        }
    };
}
