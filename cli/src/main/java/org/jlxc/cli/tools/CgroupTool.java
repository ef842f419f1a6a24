package org.jlxc.cli.tools;

import java.util.List;

import org.jlxc.Container;
import org.jlxc.cgroup.CgroupException;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.UsageException;

/** lxc-cgroup: reads or writes a file of a running container's cgroup. */
public final class CgroupTool implements Tool {
    @Override public String name() { return "cgroup"; }

    @Override public String summary() { return "read or write a running container's cgroup file"; }

    @Override
    public String description() {
        return """
                lxc-cgroup --name=NAME state-object [value]

                Get or set the value of a state object (for example, 'cpuset.cpus')
                in the container's cgroup for the corresponding subsystem.

                The file is found as in LXC: in the cgroup v1 hierarchy of the state
                object's controller (the part before its first dot), else in the cgroup2
                hierarchy on a pure cgroup2 host (any file there, cgroup.* too) or when
                cgroup2 has that controller. Reading prints the file's content followed
                by an empty line, as lxc-cgroup; writing prints nothing. Arguments after
                the value are ignored, as by lxc-cgroup.

                Exit status: 0 on success; 1 when the container does not run, the
                state object names no file, or the kernel refuses the value (the
                message gives its errno).
                """;
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public int run(Invocation inv) throws Exception {
        List<String> args = inv.arguments();
        if (args.isEmpty()) {
            throw new UsageException("missing state object");
        }
        String key = args.get(0);
        Container c = new Container(inv.name(), inv.lxcpath(), ContainerArgs.warnings(inv));
        if (inv.rcfile() != null) c.loadConfig(inv.rcfile());
        if (!c.isRunning()) {
            error(inv, "'" + inv.lxcpath() + ":" + inv.name() + "' is not running");
            return 1;
        }
        if (args.size() > 1) {
            String value = args.get(1);
            try {
                c.cgroupSet(key, value);
            } catch (CgroupException e) {
                error(inv, "Failed to assign '" + value + "' value to '" + key + "' for '" + inv.name() + "': "
                        + e.getMessage());
                return 1;
            }
            return 0;
        }
        try {
            // The file's own newline, then printf's: LXC's output exactly.
            inv.out().print(c.cgroupGet(key) + "\n");
        } catch (CgroupException e) {
            error(inv, "Failed to retrieve value of '" + key + "' for '" + inv.lxcpath() + ":" + inv.name() + "': "
                    + e.getMessage());
            return 1;
        }
        return 0;
    }

    private static void error(Invocation inv, String message) {
        inv.err().println(inv.program() + ": " + inv.name() + ": " + message);
    }
}
