package org.jlxc.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The events lxc-monitor prints, for the containers of some lxcpaths whose names match.
 *
 * <p>Event-driven: each run of a matching container is watched through its shim's command
 * socket (`WATCH`: a `STATE` at every change, EOF when the shim exits), from a virtual thread
 * per run. Runs are found by looking every {@link #SCAN} for command sockets of live monitors
 * (a `stat` per matching container and a listing of each lxcpath): between a shim's socket
 * and its container's RUNNING lies the whole Java side of the start, far longer than that.
 * A run met late, or a change the socket coalesced, still shows every state it went through:
 * the lifecycle is fixed ({@link #path}), so what was skipped is known.
 */
public final class StateMonitor {
    static final Duration SCAN = Duration.ofMillis(20);

    /** What lxc-monitor prints a line for. */
    public sealed interface Event {
        String name();
    }

    /** `'NAME' changed state to [STATE]`. */
    public record StateChanged(String name, ContainerState state) implements Event {}

    /** `'NAME' exited with status [N]`, N the exit code of init (WEXITSTATUS, 0 when signalled). */
    public record Exited(String name, int exitCode) implements Event {}

    private final List<Path> lxcpaths;
    private final Predicate<String> names;
    private final Consumer<Event> sink;
    private final Set<Path> watched = ConcurrentHashMap.newKeySet();

    /** `sink` is called from several threads, one event at a time (it is synchronized on). */
    public StateMonitor(List<Path> lxcpaths, Predicate<String> names, Consumer<Event> sink) {
        this.lxcpaths = List.copyOf(lxcpaths);
        this.names = names;
        this.sink = sink;
    }

    /** Reports events until interrupted. Containers running at the start are watched, their state not reported. */
    public void run() throws InterruptedException {
        scan(true);
        while (true) {
            Thread.sleep(SCAN);
            scan(false);
        }
    }

    private void scan(boolean initial) {
        for (Path lxcpath : lxcpaths) {
            for (String name : containerNames(lxcpath)) {
                if (!names.test(name)) continue;
                RuntimeDir dir = RuntimeDir.of(lxcpath, name);
                if (watched.contains(dir.dir()) || !Files.exists(dir.command()) || !dir.monitorAlive()) continue;
                watched.add(dir.dir());
                Thread.ofVirtual().name("watch " + name).start(() -> watch(name, dir, initial));
            }
        }
    }

    /** Watches one run, from its first STATE to the shim's exit. */
    private void watch(String name, RuntimeDir dir, boolean alreadyRunning) {
        // The state last reported; a new run comes from STOPPED, a running one's first state is not news.
        ContainerState[] last = {alreadyRunning ? null : ContainerState.STOPPED};
        try (MonitorClient client = MonitorClient.connect(dir)) {
            client.watchStatus(s -> {
                if (last[0] == null) {
                    last[0] = s.state();
                } else {
                    if (last[0] == ContainerState.STOPPED && s.state() == ContainerState.STOPPED) {
                        // accepted, then gone before its first STATE: it did start
                        report(name, dir, last[0], new MonitorStatus(ContainerState.STARTING, 0, 0));
                        last[0] = ContainerState.STARTING;
                    }
                    report(name, dir, last[0], s);
                    last[0] = s.state();
                }
                return s.state() == ContainerState.STOPPED;
            }, Duration.ofNanos(-1));
        } catch (IOException e) {
            // The shim was gone before it could be asked (a start that failed at once, or a very
            // short run): what is sure is that the container started and is stopped.
            if (last[0] == ContainerState.STOPPED) {
                report(name, dir, ContainerState.STOPPED, new MonitorStatus(ContainerState.STARTING, 0, 0));
                last[0] = ContainerState.STARTING;
            }
            if (last[0] != null && last[0] != ContainerState.STOPPED) {
                report(name, dir, last[0], new MonitorStatus(ContainerState.STOPPED, 0, 0));
            }
        } finally {
            watched.remove(dir.dir());
        }
    }

    private void report(String name, RuntimeDir dir, ContainerState from, MonitorStatus now) {
        synchronized (sink) {
            for (ContainerState s : path(from, now.state())) {
                if (s == ContainerState.STOPPING) {
                    // Seen live, or, for a run too short to be watched, as the shim recorded it.
                    int status = now.state() == ContainerState.STOPPING && now.initStatus() >= 0
                            ? now.initStatus() : dir.lastExitStatus();
                    if (status >= 0) sink.accept(new Exited(name, (status >> 8) & 0xff));
                }
                sink.accept(new StateChanged(name, s));
            }
        }
    }

    /**
     * The states a container goes through from `from` to `to`, `to` included, `from` not: a
     * run is STARTING, then RUNNING, STOPPING, STOPPED, or STARTING, ABORTING, STOPPED when its
     * start fails (a reboot goes from STOPPING through STOPPED to STARTING again, as LXC's).
     * Empty when nothing changed.
     */
    static List<ContainerState> path(ContainerState from, ContainerState to) {
        // A freeze is reported twice by LXC 5's v1 freezer path (FROZEN, FROZEN; THAWED, THAWED):
        // the shim passes each report on, and lxc-monitor shows each, as LXC's.
        if (from == to) return to == ContainerState.FROZEN || to == ContainerState.THAWED ? List.of(to) : List.of();
        List<ContainerState> path = new ArrayList<>();
        ContainerState s = from;
        while (s != to && path.size() < 5) {
            s = next(s, to);
            path.add(s);
        }
        return s == to ? path : List.of(to); // a state off the lifecycle (FROZEN...): as it came
    }

    private static ContainerState next(ContainerState s, ContainerState to) {
        return switch (s) {
            case STOPPED -> ContainerState.STARTING;
            case STARTING -> to == ContainerState.ABORTING ? ContainerState.ABORTING : ContainerState.RUNNING;
            case RUNNING -> ContainerState.STOPPING;
            case STOPPING, ABORTING -> ContainerState.STOPPED;
            default -> to;
        };
    }

    /** The containers of an lxcpath: its directories holding a config file. */
    private static List<String> containerNames(Path lxcpath) {
        if (!Files.isDirectory(lxcpath)) return List.of();
        try (Stream<Path> s = Files.list(lxcpath)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("config"))).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
