package org.jlxc.cli.tools;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.config.GlobalConfig;

/** lxc-config: lists the global configuration items (-l) or prints their values. */
public final class ConfigTool implements Tool {
    private final Supplier<GlobalConfig> config;

    public ConfigTool() {
        this(GlobalConfig::forCurrentUser);
    }

    /** With the global config to show, for tests. */
    public ConfigTool(Supplier<GlobalConfig> config) {
        this.config = config;
    }

    @Override public String name() { return "config"; }

    @Override public String summary() { return "print LXC's global configuration items (lxc.conf)"; }

    @Override
    public String description() {
        return """
                lxc-config -l | ITEM...

                lxc-config lists the items of LXC's global configuration (-l), or prints the
                value of each ITEM: the one set in lxc.conf, else LXC's default for this user.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(Option.flag('l', "list", "List every configuration item"));
    }

    @Override public boolean needsName() { return false; }

    @Override
    public int run(Invocation inv) {
        if (inv.has("list")) {
            GlobalConfig.KEYS.forEach(inv.out()::println);
            return 0;
        }
        if (inv.arguments().isEmpty()) {
            // As LXC 5's lxc-config: a reminder on stdout and success.
            inv.out().println("Usage: lxc-config -l      list every configuration item");
            inv.out().println("       lxc-config ITEM... print the value of each ITEM");
            return 0;
        }
        GlobalConfig global = null;
        int code = 0;
        for (String item : inv.arguments()) {
            if (!GlobalConfig.isKey(item)) {
                // LXC prints this on stdout, and scripts may rely on it.
                inv.out().println("Unknown configuration item: " + item);
                code = 1;
                continue;
            }
            if (global == null) global = config.get();
            Optional<String> value = global.value(item);
            inv.out().println(value.orElse(item + " is not set."));
        }
        return code;
    }
}
