package org.jlxc.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jlxc.config.ConfigLine;
import org.jlxc.config.ContainerConfig;
import org.jlxc.config.Origin;

/**
 * One run of a configured hook, as LXC's run_script_argv makes it: `/bin/sh -c "exec VALUE NAME
 * lxc TYPE [extra]"` (with lxc.hook.version = 1 only `exec VALUE [extra]`, name, section and type
 * being in the environment). The single place where a hook's command line and environment are
 * made: the host-side hooks run it from Java, the container-side ones from the plan (op HOOK).
 *
 * @param type  the hook type ("pre-start", "mount", ...)
 * @param cause what asked for it, for messages: "lxc.hook.mount (/var/lib/lxc/c1/config:12)"
 * @param argv  the command
 * @param env   NAME=value entries added to the environment the hook inherits
 */
public record HookCommand(String type, String cause, List<String> argv, List<String> env) {
    public static final String SHELL = "/bin/sh";

    /** LXC's log level names, by number (lxc.log.level). */
    private static final List<String> LOG_LEVELS =
            List.of("TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "ERROR", "CRIT", "ALERT", "FATAL");

    /**
     * What a hook is told about its container besides the config.
     *
     * @param name       the container's name
     * @param configFile the container's config file (LXC_CONFIG_FILE), or null
     * @param consoleLog the console log (LXC_CONSOLE_LOGPATH), or null
     */
    public record Context(String name, Path configFile, String consoleLog) {}

    public HookCommand {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
    }

    /** The hooks of one type, in config order (an empty value clears the type's list, `lxc.hook =` all). */
    public static List<HookCommand> of(ContainerConfig config, Context ctx, String type) {
        return of(config, ctx, type, List.of(), List.of());
    }

    /**
     * @param extraArgs appended to the command line (the stop hook's namespaces, the clone hook's args)
     * @param extraEnv  NAME=value entries added after the common ones (LXC_TARGET)
     */
    public static List<HookCommand> of(ContainerConfig config, Context ctx, String type, List<String> extraArgs,
                                       List<String> extraEnv) {
        return of(config, ctx, type, extraArgs, extraEnv, true);
    }

    /**
     * lxc.hook.destroy, as lxc-destroy runs it: only the container's names and paths in the
     * environment (LXC sets LXC_CGNS_AWARE, LXC_LOG_LEVEL and LXC_HOOK_VERSION for a start only),
     * LXC_CONSOLE_LOGPATH from lxc.console.logfile.
     */
    public static List<HookCommand> forDestroy(ContainerConfig config, String name, Path configFile) {
        return of(config, new Context(name, configFile, config.consoleLogfile()), "destroy", List.of(), List.of(),
                false);
    }

    private static List<HookCommand> of(ContainerConfig config, Context ctx, String type, List<String> extraArgs,
                                        List<String> extraEnv, boolean start) {
        boolean v1 = Boolean.TRUE.equals(config.hookVersion());
        List<String> env = commonEnv(config, ctx, start);
        if (v1) {
            // As LXC: only new-style hooks get these; old-style ones have them as arguments.
            env.add("LXC_HOOK_TYPE=" + type);
            env.add("LXC_HOOK_SECTION=lxc");
        }
        env.addAll(extraEnv);
        List<HookCommand> out = new ArrayList<>();
        for (Located l : located(config, type)) {
            StringBuilder cmd = new StringBuilder("exec ").append(l.value());
            if (!v1) cmd.append(' ').append(ctx.name()).append(" lxc ").append(type);
            for (String a : extraArgs) cmd.append(' ').append(a);
            out.add(new HookCommand(type, "lxc.hook." + type + " (" + l.origin() + ")",
                    List.of(SHELL, "-c", cmd.toString()), env));
        }
        return out;
    }

    /**
     * What every hook of a start finds in its environment (LXC sets it in the monitor before any hook,
     * lxc.net.N.script.up/down included): the container's names and paths, LXC_CGNS_AWARE,
     * LXC_LOG_LEVEL, LXC_HOOK_VERSION.
     */
    public static List<String> startEnv(ContainerConfig config, Context ctx) {
        return List.copyOf(commonEnv(config, ctx, true));
    }

    private static List<String> commonEnv(ContainerConfig config, Context ctx, boolean start) {
        boolean v1 = Boolean.TRUE.equals(config.hookVersion());
        List<String> env = new ArrayList<>();
        env.add("LXC_NAME=" + ctx.name());
        if (ctx.configFile() != null) env.add("LXC_CONFIG_FILE=" + ctx.configFile());
        // Where the start mounts the rootfs before pivot_root (LXC sets it with or without a rootfs).
        String rootfs = config.rootfs() != null ? config.rootfs().path() : null;
        env.add("LXC_ROOTFS_MOUNT=" + config.rootfsMount());
        if (rootfs != null) env.add("LXC_ROOTFS_PATH=" + rootfs);
        if (config.consolePath() != null) env.add("LXC_CONSOLE=" + config.consolePath());
        if (ctx.consoleLog() != null) env.add("LXC_CONSOLE_LOGPATH=" + ctx.consoleLog());
        if (start) {
            env.add("LXC_CGNS_AWARE=1");
            Integer level = config.logLevel();
            env.add("LXC_LOG_LEVEL=" + (level != null && level >= 0 && level < LOG_LEVELS.size()
                    ? LOG_LEVELS.get(level) : "ERROR"));
            env.add("LXC_HOOK_VERSION=" + (v1 ? 1 : 0));
        }
        return env;
    }

    private record Located(String value, Origin origin) {}

    /** The type's commands with the line each came from. */
    private static List<Located> located(ContainerConfig config, String type) {
        String key = "lxc.hook." + type;
        List<Located> out = new ArrayList<>();
        for (ConfigLine line : config.lines()) {
            if (line.key().equals("lxc.hook")) {
                out.clear();
            } else if (line.key().equals(key)) {
                if (line.value().isEmpty()) out.clear();
                else out.add(new Located(line.value(), line.origin()));
            }
        }
        List<String> values = config.hooks().getOrDefault(type, List.of());
        if (!out.stream().map(Located::value).toList().equals(values)) {
            // Lines and values disagree only after API edits (clear_config_item): trust the values.
            Origin origin = config.originOf(key);
            return values.stream().map(v -> new Located(v, origin != null ? origin : Origin.api())).toList();
        }
        return out;
    }

    /** The same command with more NAME=value entries in its environment (what only the run knows). */
    public HookCommand withEnv(List<String> more) {
        List<String> all = new ArrayList<>(env);
        all.addAll(more);
        return new HookCommand(type, cause, argv, all);
    }

    /** The command as the user wrote it (for messages): the shell's script without `exec `. */
    public String script() {
        String s = argv.size() == 3 ? argv.get(2) : String.join(" ", argv);
        return s.startsWith("exec ") ? s.substring(5) : s;
    }
}
