package org.jlxc.plan;

import static org.jlxc.linux.CloneFlags.CLONE_NEWCGROUP;
import static org.jlxc.linux.CloneFlags.CLONE_NEWIPC;
import static org.jlxc.linux.CloneFlags.CLONE_NEWNET;
import static org.jlxc.linux.CloneFlags.CLONE_NEWNS;
import static org.jlxc.linux.CloneFlags.CLONE_NEWPID;
import static org.jlxc.linux.CloneFlags.CLONE_NEWTIME;
import static org.jlxc.linux.CloneFlags.CLONE_NEWUSER;
import static org.jlxc.linux.CloneFlags.CLONE_NEWUTS;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jlxc.config.ContainerConfig;
import org.jlxc.config.Network;

/**
 * The namespaces a container gets of its own, as LXC 5's resolve_clone_flags: with
 * {@code lxc.namespace.keep} every namespace but the kept ones, with {@code lxc.namespace.clone}
 * exactly those, else mnt, pid, uts, ipc, cgroup and net (unless every network is {@code none}),
 * and user when {@code lxc.idmap} maps ids; then without the shared ones ({@code lxc.namespace.share.*}, {@code --share-*}).
 */
public final class NamespaceChoice {
    /** /proc/PID/ns names to clone flags, LXC's ns_info order. */
    public static final Map<String, Long> FLAGS = Map.of("mnt", CLONE_NEWNS, "pid", CLONE_NEWPID, "uts", CLONE_NEWUTS,
            "ipc", CLONE_NEWIPC, "user", CLONE_NEWUSER, "net", CLONE_NEWNET, "cgroup", CLONE_NEWCGROUP,
            "time", CLONE_NEWTIME);

    private NamespaceChoice() {}

    /** The CLONE_NEW* flags of the namespaces the container makes (the cgroup one included). */
    public static long of(ContainerConfig config, Set<String> shared) {
        long flags;
        if (!config.namespaceKeep().isEmpty()) {
            flags = 0;
            for (var e : FLAGS.entrySet()) {
                if (!config.namespaceKeep().contains(e.getKey())) flags |= e.getValue();
            }
        } else if (!config.namespaceClone().isEmpty()) {
            flags = 0;
            for (String ns : config.namespaceClone()) flags |= FLAGS.get(ns);
        } else {
            flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP;
            // LXC's wants_timens: a time namespace only for offsets.
            if (wantsTimens(config)) flags |= CLONE_NEWTIME;
            List<Network> nets = config.networks();
            boolean shareHostNet = !nets.isEmpty() && nets.stream().allMatch(n -> "none".equals(n.type()));
            if (!shareHostNet) flags |= CLONE_NEWNET;
            if (!config.idmaps().isEmpty()) flags |= CLONE_NEWUSER;
        }
        for (String s : shared) flags &= ~FLAGS.get(s);
        return flags;
    }

    /** Whether the config sets a clock offset (lxc.time.offset.*). */
    public static boolean wantsTimens(ContainerConfig config) {
        return config.timeOffsetBoot() != null || config.timeOffsetMonotonic() != null;
    }

    /**
     * Why jlxc cannot start with this choice, or null: a user namespace of its own without
     * lxc.idmap or the host's with it, the host's mount namespace (the container's mounts and
     * pivot_root would be the host's), the host's UTS namespace with lxc.uts.name (it would rename
     * the host), the host's network namespace with devices to build in it (empty and none build none).
     */
    public static String unsupported(ContainerConfig config, long flags) {
        boolean chosen = !config.namespaceKeep().isEmpty() || !config.namespaceClone().isEmpty();
        if (!chosen) return null;
        boolean idmaps = !config.idmaps().isEmpty();
        if ((flags & CLONE_NEWUSER) != 0 && !idmaps) return "a user namespace of its own without lxc.idmap";
        if ((flags & CLONE_NEWUSER) == 0 && idmaps) return "the host's user namespace with lxc.idmap";
        if ((flags & CLONE_NEWNS) == 0) return "the host's mount namespace (the container's mounts would be the host's)";
        if ((flags & CLONE_NEWUTS) == 0 && config.utsName() != null) {
            return "the host's UTS namespace with lxc.uts.name (it would rename the host)";
        }
        if ((flags & CLONE_NEWNET) == 0
                && config.networks().stream().anyMatch(n -> !"none".equals(n.type()) && !"empty".equals(n.type()))) {
            return "the host's network namespace with network devices to set up in it";
        }
        return null;
    }
}
