package org.jlxc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jlxc.config.ContainerConfig;
import org.jlxc.config.IdMap;
import org.jlxc.linux.CloneFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container with lxc.idmap: a user namespace, its root's ops, what replaces mknod; and the map text. */
class PlanBuilderIdmapTest {
    private static final String MAPS = "lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n";
    private static final String BASE = "lxc.rootfs.path = dir:/srv/c1\nlxc.pty.max = 2\nlxc.tty.max = 1\n";

    @TempDir
    Path dir;

    private ContainerConfig config(String text) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, text);
        return ContainerConfig.load(file, w -> {});
    }

    private Plan plan(String text, PlanBuilder.Console console) throws Exception {
        return PlanBuilder.build(new PlanBuilder.Request("c1", config(text), List.of("/sbin/init"), false, console,
                List.of(), PlanBuilder.Host.TYPICAL, null, null, java.util.Map.of(), dir.resolve("config")));
    }

    private static <T extends Op> List<T> ops(Plan p, Class<T> kind) {
        return p.ops().stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static int index(Plan p, Class<? extends Op> kind) {
        for (int i = 0; i < p.size(); i++) if (kind.isInstance(p.step(i).op())) return i;
        return -1;
    }

    @Test
    void idmapsCloneAUserNamespaceAndTheChildBecomesItsRootFirst() throws Exception {
        Plan p = plan(BASE + MAPS, PlanBuilder.Console.MOUNTED);
        long flags = ops(p, Op.Namespaces.class).getFirst().cloneFlags();
        assertThat(flags & CloneFlags.CLONE_NEWUSER).isNotZero();
        int root = index(p, Op.UsernsRoot.class);
        // Before every op the child runs (the cgroup namespace's unshare is its first otherwise).
        assertThat(root).isLessThan(index(p, Op.Unshare.class)).isLessThan(index(p, Op.Mount.class));
        assertThat(p.step(root).cause()).isEqualTo("lxc.idmap (" + dir.resolve("config") + ":4)");
        assertThat(ops(p, Op.ConsoleOwner.class)).containsExactly(new Op.ConsoleOwner(100000, 100000));
        // The shim keeps no user namespace for the stop hooks (KEEP_NS knows none).
        assertThat(ops(p, Op.KeepNs.class).getFirst().flags() & CloneFlags.CLONE_NEWUSER).isZero();
    }

    @Test
    void autodevBindsTheHostsNodesInsteadOfMknod() throws Exception {
        Plan p = plan(BASE + MAPS, PlanBuilder.Console.MOUNTED);
        assertThat(ops(p, Op.Mknod.class)).isEmpty();
        assertThat(ops(p, Op.Mount.class)).contains(new Op.Mount("/dev/null", "dev/null", "", 0x1000, "", 1),
                new Op.Mount("/dev/tty", "dev/tty", "", 0x1000, "", 1));
        assertThat(ops(p, Op.CreateFile.class)).contains(new Op.CreateFile("dev/zero", 0, 1));
    }

    @Test
    void withoutIdmapsNothingChanges() throws Exception {
        Plan p = plan(BASE, PlanBuilder.Console.MOUNTED);
        assertThat(ops(p, Op.Namespaces.class).getFirst().cloneFlags() & CloneFlags.CLONE_NEWUSER).isZero();
        assertThat(ops(p, Op.UsernsRoot.class)).isEmpty();
        assertThat(ops(p, Op.ConsoleOwner.class)).isEmpty();
        assertThat(ops(p, Op.Mknod.class)).hasSize(6);
        assertThat(devptsData(p)).contains("gid=5,");
    }

    @Test
    void devptsGetsGid5OnlyWhenTheContainerHasIt() throws Exception {
        assertThat(devptsData(plan(BASE + MAPS, PlanBuilder.Console.MOUNTED))).contains("gid=5,");
        String noTty = "lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 1\n";
        assertThat(devptsData(plan(BASE + noTty, PlanBuilder.Console.MOUNTED))).doesNotContain("gid=");
    }

    @Test
    void limitsAreLeftToTheHostInAUserNamespace() throws Exception {
        assertThat(ops(plan(BASE + MAPS + "lxc.prlimit.nofile = 10\n", PlanBuilder.Console.MOUNTED), Op.SetRlimit.class))
                .isEmpty();
        assertThat(ops(plan(BASE + "lxc.prlimit.nofile = 10\n", PlanBuilder.Console.MOUNTED), Op.SetRlimit.class))
                .containsExactly(new Op.SetRlimit(7, 10, 10));
    }

    @Test
    void noConsoleNoOwner() throws Exception {
        Plan p = plan(BASE + MAPS, PlanBuilder.Console.NONE);
        assertThat(ops(p, Op.ConsoleOwner.class)).isEmpty();
        assertThat(ops(p, Op.UsernsRoot.class)).hasSize(1);
    }

    private static String devptsData(Plan p) {
        return ops(p, Op.Mount.class).stream().filter(m -> m.fstype().equals("devpts")).findFirst().orElseThrow().data();
    }

    @Test
    void mapTextIsOneLinePerRangeInConfigOrder() throws Exception {
        IdMaps maps = IdMaps.of(config(MAPS + "lxc.idmap = u 70000 300000 10\n"));
        assertThat(maps.mapText(IdMap.Type.UID)).isEqualTo("0 100000 65536\n70000 300000 10\n");
        assertThat(maps.mapText(IdMap.Type.GID)).isEqualTo("0 100000 65536\n");
        assertThat(maps.hostId(IdMap.Type.UID, 70001)).isEqualTo(300001);
        assertThat(maps.hostId(IdMap.Type.UID, 65536)).isEqualTo(-1);
        assertThat(maps.problem()).isNull();
    }

    @Test
    void anEmptyValueClearsTheEarlierLines() throws Exception {
        ContainerConfig c = config("lxc.idmap = u 0 5 1\nlxc.idmap =\n" + MAPS);
        IdMaps maps = IdMaps.of(c);
        assertThat(maps.mapText(IdMap.Type.UID)).isEqualTo("0 100000 65536\n");
        // As the config itself sees them.
        assertThat(maps.entries().stream().map(IdMaps.Entry::map).toList()).isEqualTo(c.idmaps());
    }

    @Test
    void overlappingRangesNameBothLines() throws Exception {
        IdMaps maps = IdMaps.of(config(MAPS + "lxc.idmap = u 1000 100500 10\n"));
        assertThat(maps.problem()).isEqualTo("lxc.idmap = u 1000 100500 10 (" + dir.resolve("config")
                + ":3) overlaps lxc.idmap = u 0 100000 65536 (" + dir.resolve("config") + ":1)");
        // Container ids overlapping too, and a uid range does not clash with a gid range.
        assertThat(IdMaps.of(config(MAPS + "lxc.idmap = u 10 500000 1\n")).problem()).contains(":3) overlaps");
        assertThat(IdMaps.of(config("lxc.idmap = u 0 100000 10\nlxc.idmap = g 0 100000 10\n")).problem()).isNull();
    }

    @Test
    void noRootMappedIsAProblem() throws Exception {
        assertThat(IdMaps.of(config("lxc.idmap = u 1 100000 10\nlxc.idmap = g 0 100000 10\n")).problem())
                .isEqualTo("lxc.idmap maps no container uid 0 (root): the container cannot run as root ("
                        + dir.resolve("config") + ":1)");
        assertThat(IdMaps.of(config("lxc.idmap = u 0 100000 10\n")).problem())
                .isEqualTo("lxc.idmap maps no container gid 0 (root): the container cannot run as root (no g line)");
    }
}
