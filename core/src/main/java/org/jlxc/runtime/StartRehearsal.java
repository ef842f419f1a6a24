package org.jlxc.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.jlxc.cgroup.CgroupLayout;
import org.jlxc.config.ConfigException;
import org.jlxc.config.ContainerConfig;
import org.jlxc.linux.Errno;
import org.jlxc.linux.Linux;
import org.jlxc.linux.ProcSelf;
import org.jlxc.plan.Plan;
import org.jlxc.plan.PlanBuilder;
import org.jlxc.plan.PlanDump;
import org.jlxc.plan.PlanWriter;

/**
 * Walks the code of a container start without starting anything, for training the JVM's AOT
 * cache at build time: a config is parsed, checked and planned, the FFM layer is bound, and
 * the shim is run through its sync socket with an empty plan, which it refuses before cloning.
 * Every class a real start loads before the shim takes over is loaded here.
 */
public final class StartRehearsal {
    private static final String CONFIG = """
            lxc.net.0.type = empty
            lxc.rootfs.path = dir:%s
            lxc.uts.name = "rehearsal"
            lxc.autodev = 1
            lxc.tty.max = 2
            lxc.pty.max = 1
            lxc.tty.dir = lxc
            lxc.signal.halt = SIGUSR1
            lxc.cap.drop = sys_module mac_admin mac_override sys_time
            lxc.mount.auto = cgroup:mixed proc:mixed sys:ro
            lxc.mount.entry = shm dev/shm tmpfs defaults,create=dir 0 0
            lxc.mount.entry = /lib lib none ro,bind,optional 0 0
            lxc.mount.entry = /etc/hosts etc/hosts none bind,create=file 0 0
            lxc.environment = A=b
            lxc.init.cwd = /
            """;

    private StartRehearsal() {}

    /** Runs the rehearsal; returns what the shim answered to the empty plan. */
    public static String run(Path shim) throws IOException, ConfigException {
        Path dir = Files.createTempDirectory("jlxc-rehearsal-");
        try {
            Path config = dir.resolve("config");
            Files.writeString(config, CONFIG.formatted(dir.resolve("rootfs")));
            ContainerConfig c = ContainerConfig.load(config, w -> {});
            try {
                SupportCheck.check(c, false, w -> {});
            } catch (StartException e) {
                throw new IllegalStateException("the rehearsal config is not supported: " + e.getMessage(), e);
            }
            RuntimeDir rt = new RuntimeDir(dir.resolve("rt"));
            // Starter's own planning, and what a daemon start adds (the shim's exit command needs
            // an installed launcher, which a test run of the rehearsal has not).
            Starter.Request daemon = new Starter.Request("rehearsal", dir, c, List.of("/sbin/init"), false, true,
                    null, dir.resolve("console.log"), java.util.Map.of());
            Starter.Request foreground = new Starter.Request("rehearsal", dir, c, List.of("/sbin/init"), false,
                    false, null, null, java.util.Map.of());
            try {
                new Starter(shim, dir.resolve("run"), w -> {}).plan(foreground, rt);
            } catch (StartException e) {
                throw new IllegalStateException("the rehearsal cannot plan a start: " + e.getMessage(), e);
            }
            PostStop.shimCleanup(Hooks.ForStart.of(daemon, null).stopHooks(), rt,
                    org.jlxc.cgroup.ContainerCgroup.of(CgroupLayout.ofHost(), "rehearsal"), false, false);
            StartRecord.of(daemon).save(dir.resolve("start"));
            StartRecord.load(dir.resolve("start"));
            Plan plan = PlanBuilder.build(new PlanBuilder.Request("rehearsal", c, List.of("/bin/sh"), false,
                    ProcSelf.isTerminal(0) ? PlanBuilder.Console.RELAYED : PlanBuilder.Console.HELD, List.of(),
                    PlanBuilder.Host.probe(), dir.resolve("console.log").toString(), List.of("/bin/true"),
                    java.util.Map.of()));
            PlanDump.dump(plan);
            PlanWriter.write(plan);
            CgroupLayout.ofHost().describe();
            // What lxc-info, lxc-ls and lxc-stop load: the state of a container that does not run.
            org.jlxc.Container idle = new org.jlxc.Container("rehearsal", dir, w -> {});
            idle.state();
            org.jlxc.cgroup.CgroupStats.of(org.jlxc.cgroup.ContainerCgroup.of(CgroupLayout.ofHost(), "rehearsal"));
            try (MonitorClient client = MonitorClient.connect(idle.runtimeDir())) {
                client.status();
            } catch (IOException expected) {
                // nothing serves it: as for any stopped container
            }
            ProcSelf.effectiveUid();
            Linux.getpid();
            Errno.describe(Errno.ENOENT);
            rt.create();
            try (Spawn spawn = Spawn.launch(shim, dir.resolve("run"), rt, false, null, w -> {})) {
                spawn.run(new Plan(), null);
                throw new IllegalStateException("the shim accepted an empty plan");
            } catch (StartException e) {
                return e.getMessage();
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
