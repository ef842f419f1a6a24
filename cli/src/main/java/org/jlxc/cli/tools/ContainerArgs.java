package org.jlxc.cli.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.jlxc.Container;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.UsageException;
import org.jlxc.config.ConfigException;
import org.jlxc.config.ContainerConfig;
import org.jlxc.config.Origin;
import org.jlxc.log.Log;
import org.jlxc.log.LogLevel;
import org.jlxc.runtime.AlreadyRunningException;
import org.jlxc.runtime.StartException;

/**
 * What lxc-start and lxc-execute share: the container (-n in -P, with -f RCFILE loaded instead
 * of its own config and the -s KEY=VAL defines applied after it), the command to run, how a
 * failed start is reported, and init's wait status as an exit code.
 */
final class ContainerArgs {
    private ContainerArgs() {}

    /**
     * Where a tool's warnings go (deprecated keys, skipped optional mounts, hosts without an LSM):
     * the log at WARN, and stderr, because they are about what the user asked for.
     */
    static Consumer<String> warnings(Invocation inv) {
        System.Logger log = org.jlxc.log.Log.logger("org.jlxc.warnings");
        return msg -> {
            log.log(System.Logger.Level.WARNING, msg);
            inv.err().println(inv.program() + ": " + msg);
        };
    }

    static Container load(Invocation inv, Consumer<String> warnings) throws UsageException, ConfigException {
        Container c = new Container(inv.name(), inv.lxcpath(), warnings);
        if (inv.rcfile() != null) {
            c.loadConfig(inv.rcfile());
        } else {
            c.config();
        }
        for (String define : inv.values("define")) {
            int eq = define.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("invalid define \"" + define + "\": expected KEY=VALUE");
            }
            c.setConfigItem(define.substring(0, eq).strip(), define.substring(eq + 1).strip(), Origin.commandLine());
        }
        applyLogConfig(inv, c.config());
        return c;
    }

    /**
     * lxc.log.file and lxc.log.level are defaults: -o and -l, when given, win (and the config
     * keeps its own values: nothing is saved).
     */
    private static void applyLogConfig(Invocation inv, ContainerConfig config) throws UsageException {
        boolean fileFromConfig = config.logFile() != null && !inv.has("logfile");
        boolean levelFromConfig = config.logLevel() != null && !inv.has("logpriority");
        if (!fileFromConfig && !levelFromConfig) return;
        LogLevel level = levelFromConfig ? LogLevel.values()[config.logLevel()] : Log.level();
        String file = fileFromConfig ? config.logFile() : inv.value("logfile");
        try {
            Log.configure(inv.program(), inv.name(), level, file == null || file.equals("none") ? null : Path.of(file),
                    inv.has("quiet") ? null : inv.err());
        } catch (IOException e) {
            throw new UsageException("cannot open the log file " + file + " (lxc.log.file): " + e.getMessage());
        }
    }

    /**
     * The command: the arguments after the options, else the config's default (lxc.init.cmd for
     * start, lxc.execute.cmd for execute), else `fallback` (null: none).
     *
     * <p>A container without a config file runs on the host's own root filesystem with the host's
     * /proc. As LXC 1.0.7, that is only allowed for an explicit command, and never for an init:
     * the host's init booting in there would start the host's services a second time (and its
     * tmpfiles cleaner would empty the host's /tmp).
     */
    static List<String> command(Invocation inv, Container c, String configDefault, String fallback)
            throws UsageException {
        boolean hasConfig = c.isDefined() || inv.rcfile() != null;
        List<String> command;
        if (!inv.arguments().isEmpty()) {
            command = inv.arguments();
        } else if (hasConfig && configDefault != null && !configDefault.isBlank()) {
            command = List.of(configDefault.strip().split("\\s+"));
        } else if (hasConfig && fallback != null) {
            command = List.of(fallback);
        } else if (!hasConfig) {
            throw new UsageException("no configuration file for '" + c.name() + "': give the command to run"
                    + " after --, or create the container first");
        } else {
            throw new UsageException("missing command to run: give it after --");
        }
        if (!hasConfig && isInit(command.getFirst())) {
            throw new UsageException("no configuration file for '" + c.name() + "': refusing to run "
                    + command.getFirst() + " on the host's root filesystem (it may crash the host)");
        }
        return command;
    }

    /** An init by its name, or by the name of what it resolves to on the host (/sbin/init -> systemd). */
    private static boolean isInit(String program) {
        Path given = Path.of(program);
        String real = given.getFileName().toString();
        try {
            if (given.isAbsolute() && Files.exists(given)) {
                real = given.toRealPath().getFileName().toString();
            }
        } catch (IOException e) {
            // keep the name as given
        }
        return isInitName(given.getFileName().toString()) || isInitName(real);
    }

    private static boolean isInitName(String name) {
        return name.equals("init") || name.startsWith("systemd") || name.equals("upstart") || name.equals("openrc-init");
    }

    /**
     * Starts the container; a failed start is one line naming its cause, exit 1. In the
     * foreground the exit code is init's (see {@link #exitCode}); a daemon start exits 0 once
     * the container is RUNNING. "Already running" is not an error, as in LXC.
     */
    static int start(Invocation inv, Container c, List<String> command, boolean underInit, boolean daemon,
                     Path pidfile, Path consoleLog, java.util.Map<String, String> shares) throws ConfigException {
        // As LXC's start: the caller's fds are reported (or said closed), in the log.
        InheritedFds.report(daemon || inv.has("close-all-fds"));
        try {
            int status = c.start(command, underInit, daemon, pidfile, consoleLog, shares);
            return daemon ? 0 : exitCode(status, !underInit);
        } catch (AlreadyRunningException e) {
            inv.err().println(inv.program() + ": " + c.name() + ": " + e.getMessage());
            return 0;
        } catch (StartException e) {
            inv.err().println(inv.program() + ": " + e.getMessage());
            inv.err().println(inv.program() + ": the container failed to start");
            return 1;
        }
    }

    /**
     * The process exit code for init's wait status: its exit code, 0 when it was halted
     * (SIGINT from reboot(2) in its PID namespace) and 128+N when a signal N killed it.
     */
    static int exitCode(int waitStatus, boolean haltIsSuccess) {
        int signal = waitStatus & 0x7f;
        if (signal == 0) {
            return (waitStatus >> 8) & 0xff;
        }
        return haltIsSuccess && signal == 2 ? 0 : 128 + signal;
    }
}
