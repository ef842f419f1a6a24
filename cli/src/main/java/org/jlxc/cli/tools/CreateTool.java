package org.jlxc.cli.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.UsageException;
import org.jlxc.store.ContainerCreator;
import org.jlxc.store.CreateRequest;
import org.jlxc.store.StoreException;
import org.jlxc.template.Template;
import org.jlxc.template.Templates;

/** {@code lxc-create -n NAME -t TEMPLATE [-f CONFIG] [-B dir] [--dir=ROOTFS] [-- template args]}. */
public final class CreateTool implements Tool {

    /** LXC's default {@code lxc.default_config} for root. */
    public static final Path DEFAULT_CONFIG = Path.of("/etc/lxc/default.conf");

    /** Backing stores LXC knows; only "dir" (and "best", which picks dir here) are implemented. */
    private static final Set<String> KNOWN_BDEVS =
            Set.of("dir", "best", "btrfs", "lvm", "loop", "overlay", "overlayfs", "zfs", "rbd");

    private final Templates templates;
    private final Path defaultConfig;

    public CreateTool() {
        this(Templates.builtIn(), null);
    }

    /** @param defaultConfig the {@code lxc.default_config} file (its absence means an empty default);
     *                      null: the one the global config names, read when the tool runs */
    public CreateTool(Templates templates, Path defaultConfig) {
        this.templates = templates;
        this.defaultConfig = defaultConfig;
    }

    @Override
    public String name() {
        return "create";
    }

    @Override
    public String summary() {
        return "create a container";
    }

    @Override
    public String description() {
        return "lxc-create --name=NAME --template=TEMPLATE [OPTION...] [-- template-options]\n\n"
                + "lxc-create creates a container\n";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.withArg('f', "config", "CONFIG", "Initial configuration file"),
                Option.withArg('t', "template", "TEMPLATE", "Template to use to setup container\n"
                        + "(built in: " + String.join(", ", templates.all().stream().map(Template::name).toList())
                        + ", none)"),
                Option.withArg('B', "bdev", "BDEV", "Backing store type to use (dir)"),
                Option.withArg((char) 0, "dir", "DIR", "Place rootfs directory under DIR"),
                Option.withArg((char) 0, "lvname", "LVNAME", "Use LVM lv name LVNAME (not supported yet)"),
                Option.withArg((char) 0, "vgname", "VG", "Use LVM vg called VG (not supported yet)"),
                Option.withArg((char) 0, "thinpool", "TP", "Use LVM thin pool called TP (not supported yet)"),
                Option.withArg((char) 0, "rbdname", "RBDNAME", "Use Ceph RBD name RBDNAME (not supported yet)"),
                Option.withArg((char) 0, "rbdpool", "POOL", "Use Ceph RBD pool name POOL (not supported yet)"),
                Option.withArg((char) 0, "zfsroot", "PATH", "Create zfs under given zfsroot (not supported yet)"),
                Option.withArg((char) 0, "fstype", "TYPE", "Create fstype TYPE (not supported yet)"),
                Option.withArg((char) 0, "fssize", "SIZE[U]", "Create filesystem of size SIZE (not supported yet)"));
    }

    @Override
    public int run(Invocation inv) throws Exception {
        String name = inv.name();
        String templateName = inv.value("template");
        List<String> args = inv.arguments();

        Optional<Template> template = templateName == null ? Optional.empty() : templates.find(templateName);
        if (template.isPresent() && (args.contains("-h") || args.contains("--help"))) {
            inv.out().print(template.get().help());
            return 0;
        }
        String bdev = inv.value("bdev");
        if (bdev != null && !bdev.equals("dir") && !bdev.equals("best")) {
            if (KNOWN_BDEVS.contains(bdev)) {
                throw new UsageException("the \"" + bdev + "\" backing store is not supported yet (use -B dir)");
            }
            throw new UsageException(bdev + " is not a valid backing storage type");
        }
        String dir = inv.value("dir");
        if (dir != null && !dir.startsWith("/")) {
            throw new UsageException("--dir should use absolute path");
        }
        String config = inv.value("config");

        boolean quiet = inv.has("quiet");
        String prefix = inv.program() + ": " + name + ": ";
        ContainerCreator creator = new ContainerCreator(inv.lxcpath(),
                defaultConfig != null ? defaultConfig : org.jlxc.config.GlobalConfig.forCurrentUser().defaultConfig(), templates,
                line -> {
                    if (!quiet) {
                        inv.out().println(line);
                    }
                },
                warning -> inv.err().println(prefix + warning));
        try {
            creator.create(new CreateRequest(name, templateName, args,
                    config == null ? null : Path.of(config), dir == null ? null : Path.of(dir)));
            return 0;
        } catch (StoreException e) {
            inv.err().println(prefix + e.getMessage());
            return 1;
        }
    }
}
