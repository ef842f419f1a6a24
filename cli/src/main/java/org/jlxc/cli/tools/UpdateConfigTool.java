package org.jlxc.cli.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.UsageException;
import org.jlxc.config.ConfigUpdater;

/** lxc-update-config: rewrite a config's legacy (1.x/2.x) keys to their current names. */
public final class UpdateConfigTool implements Tool {
    @Override
    public String name() { return "update-config"; }

    @Override
    public String summary() { return "rewrite a config file's legacy keys to current names"; }

    @Override
    public String description() {
        return """
                lxc-update-config -c CONFIG

                lxc-update-config rewrites the legacy keys of CONFIG (lxc.utsname, lxc.network.*,
                lxc.rootfs, ...) to their current names, keeping comments and order.
                The original is kept as CONFIG.backup.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(Option.withArg('c', "config", "CONFIG", "the config file to update"));
    }

    @Override
    public boolean needsName() { return false; }

    @Override
    public int run(Invocation inv) throws Exception {
        String file = inv.value("config");
        if (file == null) {
            throw new UsageException("missing config file, use -c CONFIG");
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new UsageException(file + ": no such file");
        }
        boolean changed = ConfigUpdater.update(path);
        inv.out().println(changed ? "Updated " + path + " (the original is " + path + ".backup)"
                : path + " has no legacy keys: nothing to update");
        return 0;
    }
}
