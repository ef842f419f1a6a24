package org.jlxc.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes a container from disk as {@code lxc-destroy} does: its rootfs (wherever the config
 * puts it, for the "dir" storage) and its directory. Removal never follows symlinks and never
 * crosses into another mounted filesystem; see {@link TreeRemover}.
 */
public final class ContainerDestroyer {

    private final RunningContainers running;

    public ContainerDestroyer(RunningContainers running) {
        this.running = running;
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
        removeStorage(dir);
    }

    /**
     * Removes the rootfs named by the config (if any) and the container directory. Both trees
     * are checked for mount points before anything is deleted, so a refusal leaves all in place.
     * Used by {@link #destroy} and for abandoned or failed creations (which cannot be running).
     */
    public static void removeStorage(ContainerDir dir) throws StoreException {
        List<Path> trees = new ArrayList<>();
        Optional<RootfsPath> rootfs = configuredRootfs(dir);
        if (rootfs.isPresent()) {
            RootfsPath r = rootfs.get();
            if (!r.isDir()) {
                throw new StoreException("Cannot destroy " + dir.name() + ": the \"" + r.storage()
                        + "\" storage of " + dir.config() + " is not supported yet");
            }
            Path rootfsDir = r.directory().toAbsolutePath().normalize();
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
