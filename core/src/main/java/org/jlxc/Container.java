package org.jlxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.jlxc.config.ConfigException;
import org.jlxc.config.ContainerConfig;
import org.jlxc.config.Origin;
import org.jlxc.runtime.ForegroundStart;
import org.jlxc.runtime.Installation;
import org.jlxc.runtime.StartException;
import org.jlxc.store.ContainerDestroyer;
import org.jlxc.store.ContainerDir;
import org.jlxc.store.PartialCreation;
import org.jlxc.store.StoreException;

/**
 * A container, after liblxc's `struct lxc_container`: a name in an lxcpath, its config
 * (loaded from `LXCPATH/NAME/config` unless another is loaded), and what can be done with it.
 */
public final class Container {
    private final String name;
    private final Path lxcpath;
    private final Consumer<String> warnings;
    private ContainerConfig config;
    private Path loadedFrom;

    public Container(String name, Path lxcpath, Consumer<String> warnings) {
        this.name = name;
        this.lxcpath = lxcpath;
        this.warnings = warnings;
    }

    public String name() { return name; }

    public Path lxcpath() { return lxcpath; }

    /** `LXCPATH/NAME/config`. */
    public Path configFile() {
        return lxcpath.resolve(name).resolve("config");
    }

    /** Whether the container exists: its config file does. */
    public boolean isDefined() {
        return Files.isRegularFile(configFile());
    }

    /** The file the current config was loaded from, or null when none was. */
    public Path loadedFrom() {
        return loadedFrom;
    }

    /** The config: the container's own file when it exists and no other was loaded, else empty. */
    public ContainerConfig config() throws ConfigException {
        if (config == null) {
            if (isDefined()) {
                loadConfig(configFile());
            } else {
                config = ContainerConfig.empty(warnings);
            }
        }
        return config;
    }

    /** load_config: replaces the config with the file's (lxc-start -f). */
    public void loadConfig(Path file) throws ConfigException {
        config = ContainerConfig.load(file, warnings);
        loadedFrom = file;
    }

    /** clear_config. */
    public void clearConfig() {
        config = ContainerConfig.empty(warnings);
        loadedFrom = null;
    }

    /** set_config_item, e.g. from `-s KEY=VAL`. */
    public void setConfigItem(String key, String value, Origin origin) throws ConfigException {
        config().set(key, value, origin);
    }

    public List<String> getConfigItem(String key) throws ConfigException {
        return config().get(key);
    }

    /** save_config: to the given file, or to the container's own when null. */
    public void saveConfig(Path file) throws ConfigException, IOException {
        Path target = file == null ? configFile() : file;
        Files.createDirectories(target.getParent());
        config().save(target);
    }

    /**
     * LXC's "creation not completed" check: a container whose creation is still going on
     * cannot start; one whose creation died half-way is removed, as LXC does.
     */
    public void checkCreationCompleted() throws StartException {
        try {
            ContainerDir dir = ContainerDir.of(lxcpath, name);
            switch (PartialCreation.check(dir)) {
                case ONGOING -> throw new StartException("creation of " + name + " is still in progress");
                case ABANDONED -> {
                    ContainerDestroyer.removeStorage(dir);
                    throw new StartException("the creation of " + name + " did not complete; what was left of it"
                            + " has been removed");
                }
                case NONE -> { }
            }
        } catch (StoreException e) {
            throw new StartException(e.getMessage(), e);
        }
    }

    /**
     * Starts the container in the foreground and waits until its init ends.
     *
     * @param command   init's argv; must not be empty
     * @param underInit run it under the minimal init as PID 1 (lxc-execute)
     * @return init's wait status, as from waitpid
     */
    public int startForeground(List<String> command, boolean underInit) throws StartException, ConfigException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        checkCreationCompleted();
        return new ForegroundStart(Installation.shim(), Installation.runDir(), warnings)
                .run(name, config(), command, underInit);
    }
}
