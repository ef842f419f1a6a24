package org.jlxc.runtime;

import java.util.function.Consumer;

import org.jlxc.config.ContainerConfig;
import org.jlxc.linux.CloneFlags;
import org.jlxc.linux.Errno;
import org.jlxc.linux.ErrnoException;
import org.jlxc.linux.Linux;
import org.jlxc.plan.NamespaceChoice;

/**
 * {@code lxc.sched.core = 1}: the container's processes get a core scheduling domain of their
 * own (no other task shares an SMT core with them), made for init's thread group while it waits
 * after its clone, as LXC's core_scheduling; everything init starts inherits it. Like LXC: only
 * with a PID namespace of its own; a machine without SMT makes none (logged); a kernel without
 * core scheduling fails the start.
 */
final class CoreScheduling {
    private CoreScheduling() {}

    static void apply(ContainerConfig config, java.util.Set<String> shared, int initPid, Consumer<String> info)
            throws StartException {
        if (!Boolean.TRUE.equals(config.schedCore())) return;
        String at = "lxc.sched.core (" + config.originOf("lxc.sched.core") + ")";
        if ((NamespaceChoice.of(config, shared) & CloneFlags.CLONE_NEWPID) == 0) {
            throw new StartException(at + ": core scheduling needs a PID namespace of the container's own");
        }
        try {
            Linux.schedCoreCreate(initPid);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENODEV) {
                info.accept(at + ": this machine does not use simultaneous multithreading (SMT): no core scheduling domain");
                return;
            }
            if (e.errno() == Errno.EINVAL) {
                throw new StartException(at + ": this kernel has no core scheduling (CONFIG_SCHED_CORE)", e);
            }
            throw new StartException(at + ": cannot make a core scheduling domain: " + e.getMessage(), e);
        }
    }
}
