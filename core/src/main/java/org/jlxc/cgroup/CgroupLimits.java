package org.jlxc.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jlxc.config.CgroupSetting;

/**
 * The `lxc.cgroup.*` (v1) and `lxc.cgroup2.*` (v2) settings of a config, written into the
 * container's new cgroup before init runs, as LXC 5's cgfsng does: v1 keys go to the
 * hierarchy of their controller (the key up to its first dot) and are ignored, with a
 * warning, on a pure cgroup2 host; v2 keys go to the unified hierarchy and are ignored, with
 * a warning, unless the host is pure cgroup2 (a hybrid host's cgroup2 has no controllers LXC
 * would use). Config order, except `memory.memsw.limit_in_bytes` after the other v1 keys (the
 * kernel wants the memory limit first). `devices.*` keys are the device policy's, not here.
 */
public final class CgroupLimits {
    /** One file write: the setting and the cgroup file it goes to. */
    public record Write(CgroupSetting setting, Path file) {}

    private CgroupLimits() {}

    /** The writes for `settings`, in order (pure: reads nothing but the layout). */
    public static List<Write> plan(ContainerCgroup cgroup, List<CgroupSetting> settings, Consumer<String> warnings)
            throws CgroupException {
        List<Write> v1 = new ArrayList<>(), memsw = new ArrayList<>(), v2 = new ArrayList<>();
        boolean pureV2 = cgroup.layout().isPureV2();
        boolean v1Warned = false, v2Warned = false;
        for (CgroupSetting s : settings) {
            if (s.controller().equals("devices")) continue;
            checkKey(s);
            if (s.version() == 1) {
                if (pureV2) {
                    if (!v1Warned) warnings.accept("ignoring lxc.cgroup.* keys on a pure cgroup2 host, as LXC ("
                            + s.origin() + ")");
                    v1Warned = true;
                    continue;
                }
                Hierarchy h = cgroup.hierarchies().stream().filter(x -> !x.unified() && x.has(s.controller()))
                        .findFirst().orElseThrow(() -> new CgroupException(describe(s) + ": no cgroup v1 hierarchy"
                                + " has the \"" + s.controller() + "\" controller (ENOENT)"));
                (s.key().equals("memory.memsw.limit_in_bytes") ? memsw : v1).add(new Write(s, cgroup.dirIn(h).resolve(s.key())));
            } else {
                if (!pureV2) {
                    if (!v2Warned) warnings.accept("ignoring lxc.cgroup2.* keys on a host that is not pure cgroup2, as LXC ("
                            + s.origin() + ")");
                    v2Warned = true;
                    continue;
                }
                v2.add(new Write(s, cgroup.dirIn(cgroup.layout().unified()).resolve(s.key())));
            }
        }
        List<Write> all = new ArrayList<>(v1);
        all.addAll(memsw);
        all.addAll(v2);
        return List.copyOf(all);
    }

    /** Writes the settings; the first failure names the key, its origin, the file and the errno. */
    public static void apply(ContainerCgroup cgroup, List<CgroupSetting> settings, Consumer<String> warnings)
            throws CgroupException {
        for (Write w : plan(cgroup, settings, warnings)) {
            try {
                CgroupFiles.write(w.file(), w.setting().value());
            } catch (IOException e) {
                throw new CgroupException(describe(w.setting()) + ": cannot write \"" + w.setting().value() + "\" to "
                        + w.file() + ": " + CgroupFiles.describe(e), e);
            }
        }
    }

    /**
     * On a pure cgroup2 host, enables every controller the base offers in the
     * `cgroup.subtree_control` of the base and of each level down to the container's parent,
     * as LXC's payload delegation: the container's own `cgroup2.*` files (memory.max...) exist
     * only then, and the container can use the controllers below its root.
     */
    public static void delegate(ContainerCgroup cgroup) throws CgroupException {
        if (!cgroup.layout().isPureV2()) return;
        Hierarchy h = cgroup.layout().unified();
        Path base = h.dir(h.ownCgroup());
        String controllers;
        try {
            controllers = Files.readString(base.resolve("cgroup.controllers")).strip();
        } catch (IOException e) {
            throw new CgroupException("cannot read " + base.resolve("cgroup.controllers") + ": " + CgroupFiles.describe(e), e);
        }
        if (controllers.isEmpty()) return;
        String enable = "+" + String.join(" +", controllers.split("\\s+"));
        for (Path level : levelsAbove(base, cgroup.dirIn(h))) {
            Path file = level.resolve("cgroup.subtree_control");
            try {
                CgroupFiles.write(file, enable);
            } catch (IOException e) {
                throw new CgroupException("cannot enable the controllers \"" + enable + "\" in " + file + ": "
                        + CgroupFiles.describe(e), e);
            }
        }
    }

    /** base, then each directory between base and leaf (leaf excluded). */
    static List<Path> levelsAbove(Path base, Path leaf) {
        List<Path> levels = new ArrayList<>();
        for (Path p = leaf.getParent(); p != null && p.startsWith(base); p = p.getParent()) {
            levels.addFirst(p);
        }
        return levels;
    }

    /** A key that would leave the cgroup's directory is no cgroup file. */
    private static void checkKey(CgroupSetting s) throws CgroupException {
        if (s.key().isEmpty() || s.key().contains("/") || s.key().equals("..") || s.key().equals(".")) {
            throw new CgroupException(describe(s) + ": not a cgroup file name (EINVAL)");
        }
    }

    private static String describe(CgroupSetting s) {
        return (s.version() == 1 ? "lxc.cgroup." : "lxc.cgroup2.") + s.key() + " (" + s.origin() + ")";
    }
}
