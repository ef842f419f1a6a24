package org.jlxc.cli.tools;

import java.util.List;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.store.ContainerDestroyer;
import org.jlxc.store.ContainerDir;
import org.jlxc.store.RunningContainers;
import org.jlxc.store.StoreException;

/** {@code lxc-destroy -n NAME [-f] [-s]}. */
public final class DestroyTool implements Tool {

    private final RunningContainers runtime;

    /** Without a runtime no container counts as running. */
    public DestroyTool() {
        this(RunningContainers.NONE);
    }

    /** @param runtime says whether a container runs, and stops it for {@code -f} */
    public DestroyTool(RunningContainers runtime) {
        this.runtime = runtime;
    }

    @Override
    public String name() {
        return "destroy";
    }

    @Override
    public String summary() {
        return "destroy a container";
    }

    @Override
    public String description() {
        return "lxc-destroy --name=NAME [-f] [-P lxcpath]\n\n"
                + "lxc-destroy destroys a container with the identifier NAME\n";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.flag('s', "snapshots", "destroy including all snapshots"),
                Option.flag('f', "force", "stop and destroy the container if it's still running"));
    }

    @Override
    public int run(Invocation inv) throws Exception {
        try {
            new ContainerDestroyer(runtime).destroy(ContainerDir.of(inv.lxcpath(), inv.name()), inv.has("force"));
            return 0;
        } catch (StoreException e) {
            inv.err().println(inv.program() + ": " + inv.name() + ": " + e.getMessage());
            return 1;
        }
    }
}
