package org.jlxc.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jlxc.Container;
import org.jlxc.plan.PlanBuilder;

/**
 * Namespaces a container joins instead of making its own: `--share-net|ipc|uts|pid NAME|PID`
 * and their config form `lxc.namespace.share.TYPE`. A NAME is a running container of the same
 * lxcpath (its init's namespaces); a number is a process.
 */
public final class SharedNamespaces {
    private SharedNamespaces() {}

    /**
     * @param fromConfig lxc.namespace.share.* of the config
     * @param fromArgs   the --share-* options, which win over the config
     * @return namespace type to its /proc/PID/ns path
     */
    public static Map<String, String> resolve(Map<String, String> fromConfig, Map<String, String> fromArgs,
                                              Path lxcpath) throws StartException {
        Map<String, String> spec = new LinkedHashMap<>(fromConfig);
        spec.putAll(fromArgs);
        Map<String, String> paths = new LinkedHashMap<>();
        for (var e : spec.entrySet()) {
            String type = e.getKey();
            if (!PlanBuilder.SHAREABLE.containsKey(type)) {
                throw new StartException("cannot share the " + type + " namespace: only "
                        + String.join(", ", new java.util.TreeSet<>(PlanBuilder.SHAREABLE.keySet())) + " can be shared");
            }
            int pid = pidOf(e.getValue(), lxcpath, type);
            Path ns = Path.of("/proc", Integer.toString(pid), "ns", type);
            if (!Files.exists(ns)) {
                throw new StartException("cannot share the " + type + " namespace of " + e.getValue() + ": " + ns
                        + " does not exist (the process is gone)");
            }
            paths.put(type, ns.toString());
        }
        return paths;
    }

    private static int pidOf(String target, Path lxcpath, String type) throws StartException {
        if (target.matches("\\d+")) {
            return Integer.parseInt(target);
        }
        int pid = new Container(target, lxcpath, w -> {}).initPid();
        if (pid <= 0) {
            throw new StartException("cannot share the " + type + " namespace of " + target
                    + ": no such container is running in " + lxcpath);
        }
        return pid;
    }
}
