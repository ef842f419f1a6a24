package org.jlxc.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.jlxc.log.Log;
import org.jlxc.log.LogLevel;

/**
 * What a daemon start was given besides the container's config, kept in the runtime directory
 * (`start`) so that the shim's exit command can start the container again on a reboot, as
 * LXC's monitor reuses its in-memory lxc_conf.
 *
 * @param consoleLog -L, or null
 * @param shares     --share-TYPE NAME|PID options, as given (resolved again at each start, as LXC does)
 * @param logFile    the start's log file (-o, else lxc.log.file), or null: the post-stop work logs
 *                   there too, as LXC's monitor keeps logging to it until the container stopped
 * @param logLevel   the start's log priority (-l, else lxc.log.level)
 */
public record StartRecord(List<String> command, boolean underInit, Path consoleLog, Map<String, String> shares,
                          Path logFile, LogLevel logLevel) {

    public StartRecord {
        command = List.copyOf(command);
        shares = Map.copyOf(shares);
        if (logLevel == null) logLevel = LogLevel.ERROR;
    }

    public StartRecord(List<String> command, boolean underInit, Path consoleLog, Map<String, String> shares) {
        this(command, underInit, consoleLog, shares, null, LogLevel.ERROR);
    }

    static StartRecord of(Starter.Request r) {
        Path logFile = Log.file();
        LogLevel level = Log.level();
        String configured = r.config().logFile();
        if (logFile == null && configured != null && !configured.isEmpty() && !configured.equals("none")) {
            logFile = Path.of(configured);
            Integer n = r.config().logLevel();
            if (n != null && n >= 0 && n < LogLevel.values().length) level = LogLevel.values()[n];
        }
        return new StartRecord(r.command(), r.underInit(), r.consoleLog(), r.shares() == null ? Map.of() : r.shares(),
                logFile, level);
    }

    /**
     * Written in the properties format (read back by Properties.load): any argument (newlines,
     * spaces, non-ASCII) survives. Not with Properties.store: its date comment loads the time-zone
     * and locale machinery, about 40 ms of every daemon start.
     */
    public void save(Path file) throws IOException {
        StringBuilder b = new StringBuilder("# jlxc: the start's arguments, for a reboot\n");
        property(b, "command.count", Integer.toString(command.size()));
        for (int i = 0; i < command.size(); i++) property(b, "command." + i, command.get(i));
        property(b, "underInit", Boolean.toString(underInit));
        if (consoleLog != null) property(b, "consoleLog", consoleLog.toString());
        shares.forEach((type, target) -> property(b, "share." + type, target));
        if (logFile != null) property(b, "logFile", logFile.toString());
        property(b, "logLevel", logLevel.name());
        Files.writeString(file, b);
    }

    /** key=value with the value escaped as Properties.load expects; keys here are plain ASCII words. */
    private static void property(StringBuilder b, String key, String value) {
        b.append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                // load() strips leading white space of a value
                case ' ' -> b.append(i == 0 ? "\\ " : " ");
                default -> b.append(c);
            }
        }
        b.append('\n');
    }

    /** @throws IOException when the file is missing or damaged */
    public static StartRecord load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        try {
            int n = Integer.parseInt(p.getProperty("command.count", ""));
            List<String> command = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String arg = p.getProperty("command." + i);
                if (arg == null) throw new IOException(file + ": command." + i + " is missing");
                command.add(arg);
            }
            if (command.isEmpty()) throw new IOException(file + ": no command");
            Map<String, String> shares = new TreeMap<>();
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("share.")) shares.put(key.substring("share.".length()), p.getProperty(key));
            }
            String log = p.getProperty("consoleLog");
            String logFile = p.getProperty("logFile");
            return new StartRecord(command, Boolean.parseBoolean(p.getProperty("underInit")),
                    log == null ? null : Path.of(log), shares, logFile == null ? null : Path.of(logFile),
                    LogLevel.parseOrError(p.getProperty("logLevel", "ERROR")));
        } catch (NumberFormatException e) {
            throw new IOException(file + ": bad command.count", e);
        }
    }
}
