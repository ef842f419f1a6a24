package org.jlxc.runtime;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jlxc.plan.HookCommand;

/**
 * Runs the host-side hooks (lxc.hook.pre-start, start-host, stop, post-stop) as LXC does: each
 * command in config order, with the caller's environment plus the hook's entries; the first
 * failure (an exit status other than 0, or a signal) stops the chain. A hook's stdout is logged at
 * DEBUG (logger `org.jlxc.hooks`); its stderr is the caller's, as in LXC.
 */
public final class Hooks {
    private static final System.Logger LOG = org.jlxc.log.Log.logger("org.jlxc.hooks");

    /** The file of the runtime directory holding the stop and post-stop hooks of the run. */
    static final String STOP_FILE = "hooks";

    /** A hook that did not succeed. */
    public static final class Failed extends Exception {
        private final HookCommand hook;

        Failed(HookCommand hook, String message, Throwable cause) {
            super(message, cause);
            this.hook = hook;
        }

        public HookCommand hook() {
            return hook;
        }
    }

    private Hooks() {}

    /** Runs the hooks in order; the first that fails stops the chain. */
    public static void run(List<HookCommand> hooks) throws Failed {
        for (HookCommand h : hooks) {
            runOne(h);
        }
    }

    /** For the start: a failure aborts it, naming the hook's config line and its status. */
    public static void runForStart(List<HookCommand> hooks) throws StartException {
        try {
            run(hooks);
        } catch (Failed e) {
            throw new StartException(e.getMessage(), e);
        }
    }

    /** After the container stopped (stop, post-stop): a failure is only a warning, as in LXC. */
    public static void runAfterStop(List<HookCommand> hooks, Consumer<String> warnings) {
        try {
            run(hooks);
        } catch (Failed e) {
            warnings.accept(e.getMessage());
        }
    }

    private static void runOne(HookCommand h) throws Failed {
        LOG.log(System.Logger.Level.DEBUG, "running {0}: {1}", h.cause(), h.script());
        ProcessBuilder pb = new ProcessBuilder(h.argv())
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        for (String e : h.env()) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        int status;
        try {
            Process p = pb.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    LOG.log(System.Logger.Level.DEBUG, "{0}: script output: {1}", h.cause(), line);
                }
            }
            status = p.waitFor();
        } catch (IOException e) {
            throw new Failed(h, h.cause() + ": cannot run \"" + h.script() + "\": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed(h, h.cause() + ": interrupted while \"" + h.script() + "\" ran", e);
        }
        if (status != 0) {
            // The JVM reports a death by signal N as 128 + N, as the shell does.
            String how = status > 128 ? "was killed by signal " + (status - 128) : "exited with status " + status;
            throw new Failed(h, h.cause() + ": \"" + h.script() + "\" " + how, null);
        }
    }

    /**
     * The hooks of a run's end, saved at the start: the foreground start and the daemon's
     * `jlxc __post-stop` both run them from here, after the config may have changed.
     */
    public record StopHooks(List<HookCommand> stop, List<HookCommand> postStop) {
        static final StopHooks NONE = new StopHooks(List.of(), List.of());
    }

    /**
     * The host-side hooks of one start, made once from its config.
     *
     * @param context what every hook of the start is told (the network scripts too)
     */
    public record ForStart(List<HookCommand> preStart, List<HookCommand> startHost, StopHooks stopHooks,
                           HookCommand.Context context) {
        static ForStart of(Starter.Request r, String consoleLog) {
            HookCommand.Context ctx = new HookCommand.Context(r.name(), configFile(r), consoleLog);
            return new ForStart(HookCommand.of(r.config(), ctx, "pre-start"),
                    HookCommand.of(r.config(), ctx, "start-host"), stopHooks(r, consoleLog, 0, List.of()), ctx);
        }

        /**
         * The stop and post-stop hooks as LXC's lxc_end runs them, once init runs (before, a
         * failed start has neither pid nor namespaces): LXC_PID, and the namespaces the shim keeps
         * ("TYPE:/proc/PID/fd/N"), which the old-style stop hook gets as arguments; both get them
         * as LXC_<TYPE>_NS too (so does LXC 5.0.2 here, whatever lxc.hook.version; in post-stop
         * they are stale, closed by then, as in LXC). LXC_TARGET is added when they run.
         */
        static StopHooks stopHooks(Starter.Request r, String consoleLog, int initPid, List<String> namespaces) {
            HookCommand.Context ctx = new HookCommand.Context(r.name(), configFile(r), consoleLog);
            List<String> env = new ArrayList<>();
            if (initPid > 0) env.add("LXC_PID=" + initPid);
            env.addAll(namespaceEnv(namespaces));
            boolean v1 = Boolean.TRUE.equals(r.config().hookVersion());
            return new StopHooks(HookCommand.of(r.config(), ctx, "stop", v1 ? List.of() : namespaces, env),
                    HookCommand.of(r.config(), ctx, "post-stop", List.of(), env));
        }

        void saveStopHooks(RuntimeDir dir) throws IOException {
            Hooks.saveStopHooks(dir, stopHooks);
        }
    }

    /** "TYPE:PATH" entries as LXC_<TYPE>_NS=PATH (mnt: LXC_MNT_NS, cgroup: LXC_CGROUP_NS, ...). */
    static List<String> namespaceEnv(List<String> namespaces) {
        List<String> env = new ArrayList<>();
        for (String ns : namespaces) {
            int colon = ns.indexOf(':');
            if (colon <= 0) continue;
            env.add("LXC_" + ns.substring(0, colon).toUpperCase(java.util.Locale.ROOT) + "_NS=" + ns.substring(colon + 1));
        }
        return env;
    }

    /** The saved hooks with LXC_TARGET ("stop" or "reboot"), which only the end of the run knows. */
    static StopHooks withTarget(StopHooks hooks, String target) {
        List<String> env = List.of("LXC_TARGET=" + target);
        return new StopHooks(hooks.stop().stream().map(h -> h.withEnv(env)).toList(),
                hooks.postStop().stream().map(h -> h.withEnv(env)).toList());
    }

    /** LXC_CONFIG_FILE: the container's config in its lxcpath. */
    static Path configFile(Starter.Request r) {
        return r.lxcpath().resolve(r.name()).resolve("config").toAbsolutePath();
    }

    static Path stopFile(RuntimeDir dir) {
        return dir.dir().resolve(STOP_FILE);
    }

    /** Saves the stop and post-stop hooks of this run (nothing when there are none). */
    static void saveStopHooks(RuntimeDir dir, StopHooks hooks) throws IOException {
        Path file = stopFile(dir);
        if (hooks.stop().isEmpty() && hooks.postStop().isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            for (List<HookCommand> list : List.of(hooks.stop(), hooks.postStop())) {
                out.writeInt(list.size());
                for (HookCommand h : list) writeHook(out, h);
            }
        }
    }

    /** The saved hooks, or none when the run saved none (or the file is damaged: said as a warning). */
    static StopHooks loadStopHooks(RuntimeDir dir, Consumer<String> warnings) {
        Path file = stopFile(dir);
        if (!Files.exists(file)) return StopHooks.NONE;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            List<List<HookCommand>> lists = new ArrayList<>();
            for (int l = 0; l < 2; l++) {
                int n = in.readInt();
                List<HookCommand> list = new ArrayList<>();
                for (int i = 0; i < n; i++) list.add(readHook(in));
                lists.add(list);
            }
            return new StopHooks(lists.get(0), lists.get(1));
        } catch (IOException | RuntimeException e) {
            warnings.accept("cannot read the stop hooks of the run in " + file + ": " + e.getMessage());
            return StopHooks.NONE;
        }
    }

    /** One hook in a runtime directory file (the stop hooks, the network's down scripts). */
    static void writeHook(DataOutputStream out, HookCommand h) throws IOException {
        out.writeUTF(h.type());
        out.writeUTF(h.cause());
        writeList(out, h.argv());
        writeList(out, h.env());
    }

    static HookCommand readHook(DataInputStream in) throws IOException {
        return new HookCommand(in.readUTF(), in.readUTF(), readList(in), readList(in));
    }

    private static void writeList(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) out.writeUTF(s);
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 65536) throw new IOException("bad count " + n);
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(in.readUTF());
        return list;
    }
}
