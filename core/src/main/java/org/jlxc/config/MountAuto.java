package org.jlxc.config;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code lxc.mount.auto}: which kernel filesystems LXC mounts itself. Built from the tokens of all
 * {@code lxc.mount.auto} lines; a later token for the same filesystem wins.
 * Plain {@code sys} means {@link Sys#MIXED} as in LXC 5.x (1.0.7 read it as {@code sys:ro}).
 */
public record MountAuto(Proc proc, Sys sys, Cgroup cgroup, boolean cgroupForce,
                        Cgroup2 cgroup2, boolean cgroup2Force, String shmountsHost, String shmountsContainer) {

    public enum Proc { NONE, MIXED, RW }

    public enum Sys { NONE, RO, MIXED, RW }

    /** {@code DEFAULT} is plain {@code cgroup}: rw if the container keeps CAP_SYS_ADMIN, mixed otherwise. */
    public enum Cgroup { NONE, DEFAULT, MIXED, RO, RW, FULL_DEFAULT, FULL_MIXED, FULL_RO, FULL_RW }

    public enum Cgroup2 { NONE, RW, RO }

    public static final MountAuto NONE =
            new MountAuto(Proc.NONE, Sys.NONE, Cgroup.NONE, false, Cgroup2.NONE, false, null, null);

    /** Default container side of {@code shmounts:HOST} when no {@code :CONT} part is given. */
    public static final String DEFAULT_SHMOUNTS_CONTAINER = "/dev/.lxc-mounts";

    /** Validates one token and returns it in its normalized form ({@code proc} → {@code proc:mixed}). */
    static String token(String t) throws InvalidValueException {
        apply(NONE, t);
        return switch (t) {
            case "proc" -> "proc:mixed";
            case "sys" -> "sys:mixed";
            default -> t;
        };
    }

    static final ValueType TOKENS = ValueType.split(ValueType.of(MountAuto::token));

    /** Folds normalized tokens, in order, into the model. */
    public static MountAuto of(List<String> tokens) {
        MountAuto m = NONE;
        for (String t : tokens) {
            try {
                m = apply(m, t);
            } catch (InvalidValueException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        return m;
    }

    private static MountAuto apply(MountAuto m, String t) throws InvalidValueException {
        switch (t) {
            case "proc", "proc:mixed" -> { return m.withProc(Proc.MIXED); }
            case "proc:rw" -> { return m.withProc(Proc.RW); }
            case "sys", "sys:mixed" -> { return m.withSys(Sys.MIXED); }
            case "sys:ro" -> { return m.withSys(Sys.RO); }
            case "sys:rw" -> { return m.withSys(Sys.RW); }
            default -> { }
        }
        if (t.startsWith("shmounts:")) {
            String[] p = t.substring(9).split(":", -1);
            if (p.length > 2 || p[0].isEmpty() || (p.length == 2 && p[1].isEmpty())) {
                throw new InvalidValueException("shmounts takes HOST[:CONTAINER]");
            }
            return new MountAuto(m.proc, m.sys, m.cgroup, m.cgroupForce, m.cgroup2, m.cgroup2Force,
                    p[0], p.length == 2 ? p[1] : DEFAULT_SHMOUNTS_CONTAINER);
        }
        List<String> parts = new ArrayList<>(List.of(t.split(":", -1)));
        boolean force = parts.size() > 1 && parts.getLast().equals("force");
        if (force) {
            parts.removeLast();
        }
        String mode = parts.size() == 2 ? parts.get(1) : parts.size() == 1 ? "" : null;
        if (mode != null && parts.getFirst().equals("cgroup2") && (mode.isEmpty() || mode.equals("ro"))) {
            return new MountAuto(m.proc, m.sys, m.cgroup, m.cgroupForce,
                    mode.isEmpty() ? Cgroup2.RW : Cgroup2.RO, force, m.shmountsHost, m.shmountsContainer);
        }
        if (mode != null && (parts.getFirst().equals("cgroup") || parts.getFirst().equals("cgroup-full"))) {
            String prefix = parts.getFirst().equals("cgroup") ? "" : "FULL_";
            String name = prefix + switch (mode) {
                case "" -> "DEFAULT";
                case "mixed", "ro", "rw" -> mode.toUpperCase(java.util.Locale.ROOT);
                default -> throw new InvalidValueException("invalid filesystem to automount: " + t);
            };
            return new MountAuto(m.proc, m.sys, Cgroup.valueOf(name), force,
                    m.cgroup2, m.cgroup2Force, m.shmountsHost, m.shmountsContainer);
        }
        throw new InvalidValueException("invalid filesystem to automount: " + t);
    }

    private MountAuto withProc(Proc p) {
        return new MountAuto(p, sys, cgroup, cgroupForce, cgroup2, cgroup2Force, shmountsHost, shmountsContainer);
    }

    private MountAuto withSys(Sys s) {
        return new MountAuto(proc, s, cgroup, cgroupForce, cgroup2, cgroup2Force, shmountsHost, shmountsContainer);
    }
}
