package org.jlxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.jlxc.cgroup.CgroupException;
import org.jlxc.cgroup.CgroupFiles;
import org.jlxc.cgroup.CgroupLayout;
import org.jlxc.cgroup.ContainerCgroup;
import org.jlxc.cgroup.Freezer;
import org.jlxc.config.ConfigException;
import org.jlxc.config.ContainerConfig;
import org.jlxc.config.Origin;
import org.jlxc.config.Signals;
import org.jlxc.runtime.AlreadyRunningException;
import org.jlxc.runtime.AttachException;
import org.jlxc.runtime.ContainerState;
import org.jlxc.runtime.Installation;
import org.jlxc.runtime.MonitorClient;
import org.jlxc.runtime.MonitorStatus;
import org.jlxc.runtime.PostStop;
import org.jlxc.runtime.RuntimeDir;
import org.jlxc.runtime.StartException;
import org.jlxc.runtime.Starter;
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
    /** clear_config_item: removes every value of the key (a whole lxc.net.N for "lxc.net.N"). */
    public void clearConfigItem(String key) throws ConfigException {
        config().clear(key);
    }

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
     * Starts the container (lxcapi_start).
     *
     * @param command   init's argv; must not be empty
     * @param underInit run it under the minimal init as PID 1 (lxc-execute)
     * @param daemon    return once init runs, the shim supervising it in the background
     * @param pidfile   where the monitor writes its pid, or null
     * @param consoleLog where the console's output is appended (else lxc.console.logfile), or null
     * @return init's wait status (as from waitpid) in the foreground; 0 once RUNNING for a daemon
     * @throws AlreadyRunningException when the container runs (or is being started) already
     */
    public int start(List<String> command, boolean underInit, boolean daemon, Path pidfile, Path consoleLog)
            throws StartException, ConfigException {
        return start(command, underInit, daemon, pidfile, consoleLog, java.util.Map.of());
    }

    /** {@link #start(List, boolean, boolean, Path, Path)}, joining the namespaces of `shares`
     *  (type "net", "ipc", "uts" or "pid" to a container name or a pid) instead of making them. */
    public int start(List<String> command, boolean underInit, boolean daemon, Path pidfile, Path consoleLog,
                     java.util.Map<String, String> shares) throws StartException, ConfigException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        checkCreationCompleted();
        return new Starter(Installation.shim(), Installation.runDir(), warnings).start(new Starter.Request(
                name, lxcpath, config(), command, underInit, daemon, pidfile, consoleLog, shares));
    }

    /** The runtime directory of this container (lock, command socket). */
    public RuntimeDir runtimeDir() {
        return RuntimeDir.of(lxcpath, name);
    }

    /**
     * The state, asked of the container's shim; STOPPED when none runs. A dead shim's leftovers
     * are cleaned up on the way, so a killed monitor never shows as RUNNING.
     */
    public ContainerState state() {
        MonitorStatus s = status();
        return s == null ? ContainerState.STOPPED : s.state();
    }

    public boolean isRunning() {
        return state() != ContainerState.STOPPED;
    }

    /** init's pid on the host, or -1 when the container does not run (lxc-info -p). */
    public int initPid() {
        MonitorStatus s = status();
        return s == null || s.initPid() == 0 ? -1 : s.initPid();
    }

    /** The network interfaces in the running container's namespace, lo included (LXC's get_interfaces); empty when stopped. */
    public List<String> getInterfaces() {
        int pid = initPid();
        return pid > 0 ? org.jlxc.runtime.ContainerInterfaces.of(pid).names() : List.of();
    }

    /**
     * The running container's addresses (LXC's get_ips): of iface (null: all but lo), family
     * "inet"/"inet6" (null: both), IPv6 only of that scope id (0: all but link-local); empty when stopped.
     */
    public List<String> getIps(String iface, String family, int scope) {
        int pid = initPid();
        return pid > 0 ? org.jlxc.runtime.ContainerInterfaces.of(pid).ips(iface, family, scope) : List.of();
    }

    /** What the shim says, or null when no shim runs this container. */
    public MonitorStatus status() {
        RuntimeDir dir = runtimeDir();
        if (!dir.monitorAlive()) {
            PostStop.cleanUpAfterDeadMonitor(dir, warnings);
            return null;
        }
        // The file the shim keeps up to date answers without a socket (whose set-up costs the JVM
        // ~20 ms: the JDK seeds a SecureRandom for unix sockets); the socket when there is none yet.
        MonitorStatus published = dir.publishedState();
        if (published != null) return published;
        try (MonitorClient client = MonitorClient.connect(dir)) {
            return client.status();
        } catch (IOException e) {
            return null; // the shim exited between the two looks
        }
    }

    /**
     * Sends a signal to init through the shim.
     *
     * @return false when the container does not run
     */
    public boolean signal(int signal) throws IOException {
        try (MonitorClient client = MonitorClient.connect(runtimeDir())) {
            int errno = client.signal(signal);
            if (errno != 0 && errno != org.jlxc.linux.Errno.ESRCH) {
                throw new IOException("cannot send signal " + signal + " to " + name + "'s init: "
                        + org.jlxc.linux.Errno.describe(errno));
            }
            return errno == 0;
        } catch (java.net.ConnectException | java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Waits until the container is in one of the states, or the timeout passed (lxc-wait).
     * A negative timeout waits for ever. Returns the state reached, or null on timeout.
     */
    public ContainerState waitFor(java.util.Set<ContainerState> states, java.time.Duration timeout)
            throws InterruptedException {
        long deadline = timeout.isNegative() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (true) {
            RuntimeDir dir = runtimeDir();
            if (dir.monitorAlive()) {
                try (MonitorClient client = MonitorClient.connect(dir)) {
                    java.time.Duration left = deadline == Long.MAX_VALUE ? java.time.Duration.ofNanos(-1)
                            : java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                    ContainerState s = client.watch(states::contains, left);
                    if (s != null) return s;
                    if (System.nanoTime() >= deadline) return null;
                    continue;
                } catch (IOException e) {
                    // The shim went away between the looks (its hang-up can come as a reset): look
                    // again soon, it is about to release its lock.
                    if (System.nanoTime() >= deadline) return null;
                    Thread.sleep(1);
                    continue;
                }
            } else {
                PostStop.cleanUpAfterDeadMonitor(dir, warnings);
                if (states.contains(ContainerState.STOPPED)) return ContainerState.STOPPED;
            }
            if (System.nanoTime() >= deadline) return null;
            Thread.sleep(20); // no shim to watch yet: a start may be on its way
        }
    }

    /**
     * lxc-wait, with LXC 5's meaning of its timeout (lxc_wait): whether the container is in, or
     * reaches, one of the states. While no monitor runs, STOPPED is reached at once and any other
     * state is looked for again until `timeoutSeconds` is used up, LXC counting one second per
     * refused attempt starting with the first: 0 and 1 give up at once, T gives up after T-1
     * seconds, a negative one never. Once a monitor answers, the rest of the time is a receive
     * timeout, where 0 (the `-t 0` of a running container) means none; a monitor that ends
     * before a wanted state is the container reaching STOPPED, a failure unless it was wanted.
     * Unlike LXC, which looks again each second, a start is noticed within 20 ms.
     */
    public boolean waitAsLxc(java.util.Set<ContainerState> states, long timeoutSeconds) throws InterruptedException {
        if (timeoutSeconds > Integer.MAX_VALUE) timeoutSeconds = -1; // LXC's is an int: no overflow here either
        long start = System.nanoTime();
        long giveUp = timeoutSeconds < 0 ? Long.MAX_VALUE : start + Math.max(0, timeoutSeconds - 1) * 1_000_000_000L;
        while (true) {
            RuntimeDir dir = runtimeDir();
            if (dir.monitorAlive()) {
                try (MonitorClient client = MonitorClient.connect(dir)) {
                    java.time.Duration left = timeoutSeconds <= 0 ? java.time.Duration.ofNanos(-1)
                            : java.time.Duration.ofNanos(Math.max(1, start + timeoutSeconds * 1_000_000_000L - System.nanoTime()));
                    return client.watch(states::contains, left) != null;
                } catch (IOException e) {
                    // the shim went away between the looks: as a refused connection
                }
            } else {
                PostStop.cleanUpAfterDeadMonitor(dir, warnings);
                if (states.contains(ContainerState.STOPPED)) return true;
            }
            if (System.nanoTime() - giveUp >= 0) return false;
            Thread.sleep(20);
        }
    }

    /**
     * Freezes the container (lxc-freeze): every process of its cgroup stops where it is. The
     * watchers see FREEZING, then FROZEN, as LXC 5 reports them (its v1 freezer path says
     * FROZEN twice, once when the freezer reads FROZEN and once when lxc_freeze ends; kept, so
     * that lxc-monitor prints what LXC's prints). Already FROZEN: nothing to do.
     *
     * @return false when the container does not run, or has no freezer
     */
    public boolean freeze() throws IOException, InterruptedException {
        MonitorStatus s = status();
        if (s == null || s.initPid() == 0) return false;
        if (s.state() == ContainerState.FROZEN) return true;
        Freezer.Target freezer = freezerOf(cgroup());
        if (freezer == null) return false;
        try (MonitorClient client = MonitorClient.connect(runtimeDir())) {
            client.setState(ContainerState.FREEZING);
            try {
                Freezer.freeze(freezer);
            } catch (IOException e) {
                client.setState(ContainerState.RUNNING);
                throw new IOException("cannot freeze " + name + ": " + e.getMessage(), e);
            }
            if (!freezer.unified()) client.setState(ContainerState.FROZEN);
            client.setState(ContainerState.FROZEN);
            return true;
        } catch (java.net.ConnectException | java.nio.file.NoSuchFileException e) {
            return false; // it stopped meanwhile
        }
    }

    /**
     * Thaws a FROZEN (or FREEZING) container (lxc-unfreeze): watchers see THAWED (twice with the
     * v1 freezer, as LXC's), then RUNNING. Anything else, a stopped container too, is left as
     * it is, successfully, as LXC 5 does.
     */
    public boolean unfreeze() throws IOException, InterruptedException {
        MonitorStatus s = status();
        if (s == null || s.state() != ContainerState.FROZEN && s.state() != ContainerState.FREEZING) return true;
        Freezer.Target freezer = freezerOf(cgroup());
        if (freezer == null) return false;
        try (MonitorClient client = MonitorClient.connect(runtimeDir())) {
            client.setState(ContainerState.THAWED);
            try {
                Freezer.thaw(freezer);
            } catch (IOException e) {
                client.setState(ContainerState.FROZEN);
                throw new IOException("cannot unfreeze " + name + ": " + e.getMessage(), e);
            }
            if (!freezer.unified()) client.setState(ContainerState.THAWED);
            client.setState(ContainerState.RUNNING);
            return true;
        } catch (java.net.ConnectException | java.nio.file.NoSuchFileException e) {
            return true;
        }
    }

    /**
     * A frozen init cannot act on a signal: after sending one, thaw (as LXC's stop command does
     * after its kill), without telling the watchers: the next state they see is STOPPING.
     */
    private void thawForSignal() throws IOException {
        Freezer.Target freezer = freezerOf(cgroup());
        try {
            if (freezer != null && Freezer.isFrozen(freezer)) Freezer.thaw(freezer);
        } catch (IOException e) {
            // The signal may already have ended the container: its cgroup is being removed, and
            // its files answer ENOENT, or ENODEV (a read or write of a dying cgroup's file, which
            // NIO reports as a plain IOException) while the directory is still there.
            String reason = e instanceof java.nio.file.FileSystemException f ? f.getReason() : e.getMessage();
            if (Files.isDirectory(freezer.dir()) && !"No such device".equals(reason)) throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the container (lxc-stop): the halt signal, then after `timeout` the stop signal
     * unless `kill` is false. A zero timeout with kill sends the stop signal at once.
     *
     * @return false when the container was not running
     */
    public StopResult stop(java.time.Duration timeout, boolean kill) throws IOException, ConfigException, InterruptedException {
        MonitorStatus status = status();
        if (status == null) return StopResult.NOT_RUNNING;
        int halt = haltSignal(status);
        int stop = config().stopSignal() != null ? config().stopSignal() : Signals.SIGKILL;
        // Unlike LXC, whose clean stop of a frozen container waits for the whole timeout, the
        // halt signal is followed by a thaw as well: a frozen container shuts down cleanly.
        if (timeout.isZero() && kill) {
            signal(stop);
            thawForSignal();
        } else {
            if (!signal(halt)) return StopResult.STOPPED;
            thawForSignal();
            if (waitFor(java.util.Set.of(ContainerState.STOPPED), timeout) != null) return StopResult.STOPPED;
            if (!kill) return StopResult.TIMED_OUT;
            signal(stop);
            thawForSignal();
        }
        return waitFor(java.util.Set.of(ContainerState.STOPPED), java.time.Duration.ofSeconds(30)) != null
                ? (timeout.isZero() ? StopResult.STOPPED : StopResult.KILLED) : StopResult.TIMED_OUT;
    }

    /**
     * shutdown: the halt signal, then waits up to `timeout` (negative: for ever) without killing.
     *
     * @return whether the container is stopped
     */
    public boolean shutdown(java.time.Duration timeout) throws IOException, ConfigException, InterruptedException {
        StopResult r = stop(timeout, false);
        return r == StopResult.STOPPED || r == StopResult.NOT_RUNNING;
    }

    /**
     * destroy: removes the container's directory and storage (after lxc.hook.destroy); a running
     * container only with `force`, which stops it first.
     */
    public void destroy(boolean force) throws org.jlxc.store.StoreException {
        new org.jlxc.store.ContainerDestroyer(new org.jlxc.runtime.MonitorRunning())
                .destroy(org.jlxc.store.ContainerDir.of(lxcpath, name), force);
    }

    /**
     * console: attaches this process's terminal to the container's console (tty 0; -1 the first
     * free tty; N tty N) until the escape (Ctrl+`escape`, then q) detaches it, through the shim's
     * console client. Returns the client's exit status.
     */
    public int console(int tty, char escape) throws IOException, InterruptedException, StartException {
        List<String> argv = new java.util.ArrayList<>(List.of(Installation.shim().toString(), "console",
                "--socket", runtimeDir().command().toString(), "--tty", Integer.toString(tty),
                "--escape", Character.toString(escape)));
        return new ProcessBuilder(argv).inheritIO().start().waitFor();
    }

    /**
     * attach (lxc-attach): runs a command in the running container, in its namespaces and cgroup,
     * through the shim's `attach` mode, with this process's stdio; returns the command's exit
     * status (128+N when signal N ended it). The config (this container's, or a loaded one)
     * gives the capabilities to drop and lxc.environment.
     *
     * @throws AttachException when the container does not run or the shim cannot be found
     */
    public int attach(org.jlxc.runtime.AttachRequest request)
            throws AttachException, ConfigException, InterruptedException {
        return org.jlxc.runtime.Attach.run(attachPlan(request));
    }

    /**
     * As {@link #attach}, but this process becomes the shim (execve): for a command-line tool,
     * so that the terminal's signals and the exit status are the command's alone. Returns only
     * by throwing.
     */
    public void attachAndExec(org.jlxc.runtime.AttachRequest request) throws AttachException, ConfigException {
        org.jlxc.runtime.Attach.exec(attachPlan(request));
    }

    private org.jlxc.runtime.Attach.Plan attachPlan(org.jlxc.runtime.AttachRequest request)
            throws AttachException, ConfigException {
        MonitorStatus s = status();
        if (s == null || s.initPid() <= 0) throw new AttachException(name + " is not running");
        java.nio.file.Path shim;
        try {
            shim = Installation.shim();
        } catch (StartException e) {
            throw new AttachException(e.getMessage(), e);
        }
        return org.jlxc.runtime.Attach.plan(shim, name, s.initPid(), config(), cgroup(), request,
                System.getenv(), System.getProperty("user.dir"), org.jlxc.runtime.Attach.Host.REAL);
    }

    /**
     * Reboots the container (lxc-stop -r, LXC 5's reboot2): sends lxc.signal.reboot (SIGINT by
     * default) to init, whose reboot(2) ends it with SIGHUP; its monitor then starts it again.
     * Unless `timeout` is zero, waits until it runs again with a new init (a negative timeout
     * waits for ever).
     *
     * @return false when the container was not running, stopped instead, or did not run again in time
     */
    public boolean reboot(java.time.Duration timeout) throws IOException, ConfigException {
        RuntimeDir dir = runtimeDir();
        if (!dir.monitorAlive()) return false;
        int signal = config().rebootSignal() != null ? config().rebootSignal() : Signals.SIGINT;
        try (MonitorClient client = MonitorClient.connect(dir)) {
            MonitorStatus before = client.status();
            if (before.initPid() == 0 || client.signal(signal) != 0) return false;
            if (timeout.isZero()) return true;
            // A state, not a transition, so nothing can be missed between the signal and the watch.
            MonitorStatus after = client.watchStatus(s -> s.state() == ContainerState.STOPPED
                    || s.state() == ContainerState.RUNNING && s.initPid() != before.initPid(), timeout);
            return after != null && after.state() == ContainerState.RUNNING;
        } catch (java.net.ConnectException | java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /**
     * The signal a clean stop sends init: lxc.signal.halt; else SIGRTMIN+3 when init blocks it
     * (systemd), as LXC detects; else SIGPWR.
     */
    public int haltSignal() throws IOException, ConfigException {
        return haltSignal(status());
    }

    private int haltSignal(MonitorStatus status) throws IOException, ConfigException {
        return Signals.haltSignal(config().haltSignal(), status == null ? null : procStatus(status.initPid()));
    }

    /** /proc/PID/status, or null (no init, or it is gone). */
    private static String procStatus(int pid) {
        if (pid <= 0) return null;
        try {
            return Files.readString(Path.of("/proc/" + pid + "/status"));
        } catch (IOException e) {
            return null;
        }
    }

    /** The freezer of the cgroup the start chose, or null (not running, no freezer). */
    private static Freezer.Target freezerOf(ContainerCgroup cgroup) {
        return cgroup == null ? null : Freezer.of(cgroup);
    }

    /**
     * The container's cgroup as its start chose it (lxc-info's statistics, lxc-cgroup), or
     * null when no start made one (the container does not run).
     */
    public ContainerCgroup cgroup() {
        return ContainerCgroup.load(runtimeDir().cgroup(), CgroupLayout.ofHost());
    }

    /**
     * get_cgroup_item: the content of a running container's cgroup file ("pids.max").
     *
     * @throws CgroupException when the container does not run, or the key names no readable file
     */
    public String cgroupGet(String key) throws CgroupException {
        Path file = runningCgroup().fileFor(key);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CgroupException("cannot read " + file + ": " + CgroupFiles.describe(e), e);
        }
    }

    /**
     * set_cgroup_item: writes a value to a running container's cgroup file.
     *
     * @throws CgroupException when the container does not run, or the kernel refuses the value
     */
    public void cgroupSet(String key, String value) throws CgroupException {
        Path file = runningCgroup().fileFor(key);
        try {
            CgroupFiles.write(file, value);
        } catch (IOException e) {
            throw new CgroupException("cannot write \"" + value + "\" to " + file + ": " + CgroupFiles.describe(e), e);
        }
    }

    private ContainerCgroup runningCgroup() throws CgroupException {
        ContainerCgroup cg = isRunning() ? cgroup() : null;
        if (cg == null) throw new CgroupException(name + " is not running");
        return cg;
    }

    /** How lxc-stop ended. */
    public enum StopResult { STOPPED, KILLED, TIMED_OUT, NOT_RUNNING }
}
