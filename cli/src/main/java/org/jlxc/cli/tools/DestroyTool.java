package org.jlxc.cli.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        String prefix = inv.program() + ": " + inv.name() + ": ";
        try {
            ContainerDir dir = ContainerDir.of(inv.lxcpath(), inv.name());
            if (hasSnapshots(dir)) {
                // Without -s LXC refuses too; with -s it would destroy them, which jlxc cannot yet.
                throw new StoreException("destroying snapshots (" + dir.path().resolve("snaps")
                        + ") is not supported yet");
            }
            if (inv.has("force") && dir.exists() && isRunning(dir)) {
                try {
                    runtime.stop(dir);
                } catch (Exception e) {
                    throw new StoreException("Failed to stop " + dir.name() + ": " + e.getMessage(), e);
                }
            }
            new ContainerDestroyer(runtime).destroy(dir);
            return 0;
        } catch (StoreException e) {
            inv.err().println(prefix + e.getMessage());
            return 1;
        }
    }

    private boolean isRunning(ContainerDir dir) throws StoreException {
        try {
            return runtime.isRunning(dir);
        } catch (Exception e) {
            throw new StoreException("Failed to learn whether " + dir.name() + " is running: " + e.getMessage(), e);
        }
    }

    /** LXC 5 keeps a container's snapshots in LXCPATH/NAME/snaps/snapN. */
    private static boolean hasSnapshots(ContainerDir dir) throws StoreException {
        Path snaps = dir.path().resolve("snaps");
        if (!Files.isDirectory(snaps)) {
            return false;
        }
        try (var entries = Files.list(snaps)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new StoreException("Failed to read " + snaps + ": " + e.getMessage(), e);
        }
    }
}
