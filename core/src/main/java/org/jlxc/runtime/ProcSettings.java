package org.jlxc.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jlxc.config.ContainerConfig;
import org.jlxc.config.Origin;

/**
 * {@code lxc.proc.KEY = VALUE}: written to {@code /proc/INIT/KEY} (dots as slashes) by the start,
 * while the child waits after its clone, as LXC's monitor does (setup_proc_filesystem), e.g.
 * {@code lxc.proc.oom_score_adj = 10}.
 */
final class ProcSettings {
    private ProcSettings() {}

    static void apply(ContainerConfig config, int initPid) throws StartException {
        for (Map.Entry<String, String> e : config.procs().entrySet()) {
            String key = "lxc.proc." + e.getKey();
            Path file = Path.of("/proc/" + initPid + "/" + e.getKey().replace('.', '/'));
            try {
                Files.writeString(file, e.getValue());
            } catch (IOException x) {
                Origin o = config.originOf(key);
                throw new StartException(key + " (" + o + "): cannot write \"" + e.getValue() + "\" to " + file + ": "
                        + (x.getMessage() == null ? x.toString() : x.getMessage()), x);
            }
        }
    }
}
