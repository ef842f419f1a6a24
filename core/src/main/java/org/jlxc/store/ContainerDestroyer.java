package org.jlxc.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jlxc.config.ConfigException;
import org.jlxc.config.ContainerConfig;
import org.jlxc.plan.HookCommand;
import org.jlxc.runtime.Hooks;

/**
 * Removes a container from disk as {@code lxc-destroy} does: runs its destroy hooks, then removes its rootfs (wherever the config
 * puts it, for the "dir" storage) and its directory. Removal never follows symlinks and never
 * crosses into another mounted filesystem; see {@link TreeRemover}.
 */
public final class ContainerDestroyer {

    private final RunningContainers running;

    public ContainerDestroyer(RunningContainers running) {
        this.running = running;
    }

    /**
     * lxc-destroy: a running container only with `force`, which stops it first; a container with
     * snapshots is refused (LXC needs -s for them, which jlxc cannot do yet).
     */
    public void destroy(ContainerDir dir, boolean force) throws StoreException {
        if (hasSnapshots(dir)) {
            throw new StoreException("destroying snapshots (" + dir.path().resolve("snaps")
                    + ") is not supported yet");
        }
        if (force && dir.exists() && isRunning(dir)) {
            try {
                running.stop(dir);
            } catch (Exception e) {
                throw new StoreException("Failed to stop " + dir.name() + ": " + e.getMessage(), e);
            }
        }
        destroy(dir);
    }

    private boolean isRunning(ContainerDir dir) throws StoreException {
        try {
            return running.isRunning(dir);
        } catch (Exception e) {
            throw new StoreException("Failed to learn whether " + dir.name() + " is running: " + e.getMessage(), e);
        }
    }

    /** LXC 5 keeps a container's snapshots in LXCPATH/NAME/snaps/snapN. */
    private static boolean hasSnapshots(ContainerDir dir) throws StoreException {
        java.nio.file.Path snaps = dir.path().resolve("snaps");
        if (!java.nio.file.Files.isDirectory(snaps)) {
            return false;
        }
        try (var entries = java.nio.file.Files.list(snaps)) {
            return entries.findAny().isPresent();
        } catch (java.io.IOException e) {
            throw new StoreException("Failed to read " + snaps + ": " + e.getMessage(), e);
        }
    }

    /** Destroys a defined, stopped container. */
    public void destroy(ContainerDir dir) throws StoreException {
        PartialState partial = PartialCreation.check(dir);
        if (partial == PartialState.ONGOING) {
            throw new StoreException("Creation of " + dir.name() + " is still in progress");
        }
        if (!dir.exists() && partial != PartialState.ABANDONED) {
            throw new StoreException("Container is not defined");
        }
        boolean isRunning;
        try {
            isRunning = running.isRunning(dir);
        } catch (Exception e) {
            throw new StoreException("Failed to learn whether " + dir.name() + " is running: " + e.getMessage(), e);
        }
        if (isRunning) {
            throw new StoreException(dir.name() + " is running");
        }
        runDestroyHooks(dir);
        removeStorage(dir);
    }

    /**
     * lxc.hook.destroy, as LXC's container_destroy: once the container is known stopped, before
     * anything is removed; a failing hook fails the destroy and leaves everything in place.
     */
    static void runDestroyHooks(ContainerDir dir) throws StoreException {
        if (!Files.isRegularFile(dir.config(), LinkOption.NOFOLLOW_LINKS)) return;
        ContainerConfig config;
        try {
            config = ContainerConfig.load(dir.config(), w -> {});
        } catch (ConfigException e) {
            // A broken config must not keep its container from going, unless it may hold a hook.
            if (!mentionsHooks(dir.config())) return;
            throw new StoreException("Failed to load " + dir.config() + " for its destroy hooks: " + e.getMessage(), e);
        }
        List<HookCommand> hooks = HookCommand.forDestroy(config, dir.name(), dir.config().toAbsolutePath());
        try {
            Hooks.run(hooks);
        } catch (Hooks.Failed e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    private static boolean mentionsHooks(Path config) {
        try {
            return Files.readString(config).contains("lxc.hook");
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Removes the rootfs named by the config (if any) and the container directory. Both trees
     * are checked for mount points before anything is deleted, so a refusal leaves all in place.
     * Used by {@link #destroy} and for abandoned or failed creations (which cannot be running).
     */
    public static void removeStorage(ContainerDir dir) throws StoreException {
        List<Path> trees = new ArrayList<>();
        Optional<RootfsPath> rootfs = configuredRootfs(dir);
        if (rootfs.isPresent() && managed(dir)) {
            RootfsPath r = rootfs.get();
            if (!r.isDir() && r.overlay() == null) {
                throw new StoreException("Cannot destroy " + dir.name() + ": the \"" + r.storage()
                        + "\" storage of " + dir.config() + " is not supported yet");
            }
            // An overlay's own part is its upper directory (LXC's ovl_destroy); the lower one is
            // another container's, or a shared image, and stays.
            Path rootfsDir = (r.overlay() != null ? Path.of(r.overlay().upper()) : r.directory())
                    .toAbsolutePath().normalize();
            if (dir.lxcpath().startsWith(rootfsDir)) {
                // "/" or an ancestor of every container: certainly a configuration mistake.
                throw new StoreException("Refusing to destroy " + dir.name() + ": its rootfs " + rootfsDir
                        + " (" + dir.config() + ") contains the container directory itself");
            }
            if (!rootfsDir.startsWith(dir.path())) {
                trees.add(rootfsDir);
            }
        }
        trees.add(dir.path());
        for (Path tree : trees) {
            TreeRemover.checkRemovable(tree);
        }
        for (Path tree : trees) {
            TreeRemover.remove(tree);
        }
    }

    /** lxc.rootfs.managed = 0: the rootfs is not the container's to remove (LXC: only its directory goes). */
    private static boolean managed(ContainerDir dir) throws StoreException {
        try {
            return !Files.isRegularFile(dir.config(), LinkOption.NOFOLLOW_LINKS) || RootfsPath.managed(dir.config());
        } catch (IOException e) {
            throw new StoreException("Failed to read " + dir.config() + ": " + TreeRemover.describe(e), e);
        }
    }

    private static Optional<RootfsPath> configuredRootfs(ContainerDir dir) throws StoreException {
        if (!Files.isRegularFile(dir.config(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return RootfsPath.fromConfig(dir.config());
        } catch (IOException e) {
            throw new StoreException("Failed to read " + dir.config() + ": " + TreeRemover.describe(e), e);
        }
    }
}
