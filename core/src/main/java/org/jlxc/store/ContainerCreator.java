package org.jlxc.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jlxc.template.Template;
import org.jlxc.template.TemplateContext;
import org.jlxc.template.TemplateException;
import org.jlxc.template.Templates;

/**
 * Creates a container as LXC 5's {@code lxc-create} does: the directory (0770), the locked
 * {@code partial} marker for the whole creation, the rootfs directory, the template run, and the
 * config: a header, the default config (or the {@code -f} file instead), the rootfs line, then
 * the template's lines. A failure removes everything this creation made.
 */
public final class ContainerCreator {

    /** The template name for a container with a config and no rootfs. */
    public static final String NO_TEMPLATE = "none";

    private final Path lxcpath;
    private final Path defaultConfig;
    private final Templates templates;
    private final java.util.random.RandomGenerator random;
    private final Consumer<String> progress;
    private final Consumer<String> warnings;

    /**
     * @param lxcpath       where containers live
     * @param defaultConfig {@code lxc.default_config} (normally /etc/lxc/default.conf); may be absent
     * @param progress      one line per step
     * @param warnings      things the user should know that do not stop the creation
     */
    public ContainerCreator(Path lxcpath, Path defaultConfig, Templates templates,
                            Consumer<String> progress, Consumer<String> warnings) {
        this.lxcpath = lxcpath.toAbsolutePath().normalize();
        this.defaultConfig = defaultConfig;
        this.templates = templates;
        this.progress = progress;
        this.warnings = warnings;
        this.random = java.util.concurrent.ThreadLocalRandom.current();
    }

    /** The same creator with {@code random} resolving hwaddr placeholders (tests). */
    ContainerCreator(Path lxcpath, Path defaultConfig, Templates templates, Consumer<String> progress,
                     Consumer<String> warnings, java.util.random.RandomGenerator random) {
        this.lxcpath = lxcpath.toAbsolutePath().normalize();
        this.defaultConfig = defaultConfig;
        this.templates = templates;
        this.progress = progress;
        this.warnings = warnings;
        this.random = random;
    }

    public ContainerDir create(CreateRequest request) throws StoreException {
        ContainerDir dir = ContainerDir.of(lxcpath, request.name());
        Template template = findTemplate(request.template());
        if (request.rootfsDir() != null && !request.rootfsDir().isAbsolute()) {
            throw new StoreException("--dir should use absolute path");
        }
        List<String> initialConfig = initialConfig(request.configFile());

        switch (PartialCreation.check(dir)) {
            case ONGOING -> throw new StoreException("Creation of " + dir.name() + " is still in progress");
            case ABANDONED -> {
                warnings.accept("Container " + dir.name() + " was not completely created; destroying what is left of it");
                ContainerDestroyer.removeStorage(dir);
            }
            case NONE -> { }
        }
        if (dir.exists()) {
            throw new StoreException("Container already exists");
        }

        Creation creation = new Creation(dir);
        try {
            creation.run(request, template, initialConfig);
        } catch (StoreException | RuntimeException e) {
            creation.undo(e);
            throw e;
        } catch (TemplateException e) {
            StoreException failure = new StoreException("Failed to create container " + dir.name()
                    + " from template " + template.name() + ": " + e.getMessage(), e);
            creation.undo(failure);
            throw failure;
        } catch (IOException e) {
            StoreException failure = new StoreException("Failed to create container " + dir.name() + ": "
                    + TreeRemover.describe(e), e);
            creation.undo(failure);
            throw failure;
        }
        return dir;
    }

    private Template findTemplate(String name) throws StoreException {
        if (name == null || name.isEmpty()) {
            throw new StoreException("A template must be specified (\"none\" makes a container without a rootfs)");
        }
        if (name.equals(NO_TEMPLATE)) {
            return null;
        }
        if (name.contains("/")) {
            throw new StoreException("Template \"" + name + "\": template scripts are not supported yet; "
                    + "built-in templates: " + builtInNames());
        }
        return templates.find(name).orElseThrow(() -> new StoreException(
                "Template \"" + name + "\" not found; built-in templates: " + builtInNames()));
    }

    private String builtInNames() {
        return String.join(", ", templates.all().stream().map(Template::name).toList());
    }

    /** The {@code -f} file, else the default config, else nothing; as lines, blank ones dropped as LXC does. */
    private List<String> initialConfig(Path configFile) throws StoreException {
        Path source = configFile != null ? configFile : defaultConfig;
        if (source == null) {
            return List.of();
        }
        try {
            return Files.readAllLines(source, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank())
                    .toList();
        } catch (NoSuchFileException e) {
            if (configFile == null) {
                return List.of();
            }
            throw new StoreException("Failed to open config file \"" + configFile + "\": no such file");
        } catch (IOException e) {
            throw new StoreException("Failed to read config file \"" + source + "\": " + TreeRemover.describe(e), e);
        }
    }

    /** One creation and what it made, so that a failure can take back exactly that. */
    private final class Creation {
        private final ContainerDir dir;
        private PartialCreation partial;
        private boolean madeDir;
        private Path madeRootfs;
        private boolean wroteConfig;

        Creation(ContainerDir dir) {
            this.dir = dir;
        }

        void run(CreateRequest request, Template template, List<String> initialConfig)
                throws StoreException, TemplateException, IOException {
            progress.accept("Creating container " + dir.name() + " in " + dir.path());
            makeContainerDir();
            partial = PartialCreation.begin(dir);

            List<String> config = new ArrayList<>();
            if (template != null) {
                config.addAll(header(template, request.templateArgs()));
            }
            // As LXC: reading the initial config resolves its hwaddr placeholders and lxc-create's
            // save_config writes them (update_hwaddr, confile.c), so the container keeps one MAC.
            // The template's own lines are written as they come, as LXC (it saves before the template).
            for (String line : initialConfig) {
                config.add(org.jlxc.net.Hwaddr.completeLine(line, random));
            }
            Path rootfs = null;
            if (template != null) {
                rootfs = rootfs(request, initialConfig);
                config.add("lxc.rootfs.path = dir:" + rootfs);
                progress.accept("Running template " + template.name());
                template.create(new TemplateContext(dir.name(), dir.path(), rootfs, request.templateArgs(),
                        progress, config::add));
            }
            progress.accept("Writing config " + dir.config());
            try {
                writeConfig(config);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new StoreException("Container already exists");
            }
            if (rootfs != null) {
                org.jlxc.plan.IdMaps maps = idMaps();
                if (!maps.isEmpty()) {
                    progress.accept("Giving the rootfs to the container's mapped ids (lxc.idmap)");
                    MappedOwnership.apply(maps, dir.path(), rootfs);
                }
            }
            partial.close();
            progress.accept("Created container " + dir.name());
        }

        /** The lxc.idmap lines of the config just written (a bad one is the start's to report). */
        private org.jlxc.plan.IdMaps idMaps() {
            try {
                return org.jlxc.plan.IdMaps.of(org.jlxc.config.ContainerConfig.load(dir.config(), w -> {}));
            } catch (org.jlxc.config.ConfigException e) {
                return new org.jlxc.plan.IdMaps(List.of());
            }
        }

        private void makeContainerDir() throws IOException {
            if (!Files.isDirectory(lxcpath)) {
                Files.createDirectories(lxcpath);
            }
            if (!Files.isDirectory(dir.path(), LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir.path());
                madeDir = true;
            }
            // The config may hold secrets; LXC keeps the directory to owner and group.
            Files.setAttribute(dir.path(), "unix:mode", 0770);
        }

        /** --dir, else a "dir" rootfs named by the initial config (which must exist), else the default. */
        private Path rootfs(CreateRequest request, List<String> initialConfig) throws StoreException, IOException {
            Path rootfs;
            if (request.rootfsDir() != null) {
                rootfs = request.rootfsDir().normalize();
            } else {
                Optional<RootfsPath> configured = RootfsPath.fromLines(initialConfig);
                if (configured.isPresent()) {
                    RootfsPath r = configured.get();
                    if (!r.isDir()) {
                        throw new StoreException("The \"" + r.storage() + "\" storage is not supported yet");
                    }
                    if (!Files.isDirectory(r.directory())) {
                        throw new StoreException("The rootfs \"" + r.path() + "\" does not exist");
                    }
                    return r.directory().toAbsolutePath().normalize();
                }
                rootfs = dir.defaultRootfs();
            }
            if (!Files.isDirectory(rootfs)) {
                Files.createDirectories(rootfs);
                madeRootfs = rootfs;
                Files.setAttribute(rootfs, "unix:mode", 0755);
            }
            return rootfs;
        }

        private void writeConfig(List<String> lines) throws IOException, StoreException {
            StringBuilder text = new StringBuilder();
            for (String line : lines) {
                text.append(line).append('\n');
            }
            // CREATE_NEW: if a config appeared meanwhile, it is someone else's and must survive our undo.
            try (var out = Files.newBufferedWriter(dir.config(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                wroteConfig = true;
                Files.setPosixFilePermissions(dir.config(), PosixFilePermissions.fromString("rw-r-----"));
                out.write(text.toString());
            }
        }

        /** Takes back what this creation made; problems doing so are added to {@code failure}. */
        void undo(Exception failure) {
            try {
                if (madeRootfs != null && !madeRootfs.startsWith(dir.path())) {
                    TreeRemover.remove(madeRootfs);
                }
                if (madeDir) {
                    // The marker goes with the directory while still locked; closing then finds it gone.
                    TreeRemover.remove(dir.path());
                } else {
                    if (madeRootfs != null) {
                        TreeRemover.remove(madeRootfs);
                    }
                    if (wroteConfig) {
                        Files.deleteIfExists(dir.config());
                    }
                }
            } catch (StoreException | IOException | RuntimeException e) {
                failure.addSuppressed(e);
                warnings.accept("Could not remove everything the failed creation made: " + e.getMessage());
            } finally {
                if (partial != null) {
                    partial.close();
                }
            }
        }
    }

    /** The comments lxc-create puts first: where the container came from and where the keys are described. */
    private static List<String> header(Template template, List<String> args) {
        return List.of(
                "# Created by jlxc lxc-create, built-in template: " + template.name(),
                "# Template arguments: " + String.join(" ", args),
                "# The keys are described in lxc.container.conf(5)",
                "",
                "# To run containers inside this one, uncomment the next line (this weakens isolation):",
                "#lxc.include = /usr/share/lxc/config/nesting.conf",
                "");
    }
}
