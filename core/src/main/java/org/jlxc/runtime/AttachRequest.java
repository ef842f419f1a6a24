package org.jlxc.runtime;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What lxc-attach is asked (its options, after liblxc's `lxc_attach_options_t`).
 *
 * @param namespaces     the namespaces to join by their /proc/PID/ns names, in LXC's order, or null
 *                       for every namespace of init's that is not the caller's own (LXC's default)
 * @param elevated       the privileges kept (-e): CGROUP (stay out of the container's cgroup), CAP
 *                       (keep the capabilities lxc.cap.drop/keep take away), LSM
 * @param remountSysProc -R: /proc and /sys of the joined namespaces in a mount namespace of its own
 *                       (only without the container's mount namespace)
 * @param clearEnv       --clear-env: only container=lxc, a default PATH and the --keep-var ones
 * @param keepVars       --keep-var NAME (with --clear-env)
 * @param setVars        -v NAME=VALUE, in order
 * @param uid            -u, or null (0)
 * @param gid            -g, or null (0)
 * @param command        the command; empty for the user's shell in the container
 * @param ptyLog         -L: where the pseudo terminal's output is appended too, or null
 */
public record AttachRequest(Set<String> namespaces, Set<Privilege> elevated, boolean remountSysProc,
                            boolean clearEnv, List<String> keepVars, List<String> setVars,
                            Integer uid, Integer gid, List<String> command, String ptyLog) {

    /** LXC's ns_info order, which is the order they are joined in. */
    public static final List<String> NAMESPACE_KINDS = List.of("user", "mnt", "pid", "uts", "ipc", "net", "cgroup", "time");

    public enum Privilege { CGROUP, CAP, LSM }

    public AttachRequest {
        namespaces = namespaces == null ? null : Set.copyOf(namespaces);
        elevated = elevated.isEmpty() ? EnumSet.noneOf(Privilege.class) : EnumSet.copyOf(elevated);
        keepVars = List.copyOf(keepVars);
        setVars = List.copyOf(setVars);
        command = List.copyOf(command);
    }

    /** A plain attach: every namespace, into the cgroup, capabilities dropped, the caller's environment. */
    public static AttachRequest of(List<String> command) {
        return new AttachRequest(null, Set.of(), false, false, List.of(), List.of(), null, null, command, null);
    }

    /**
     * `-s` as LXC parses it: a `|`-separated list of MOUNT, PID, UTSNAME, IPC, USER, NETWORK,
     * CGROUP (TIME too), or their /proc names in any case ("net", "Mnt").
     *
     * @throws IllegalArgumentException with LXC's message for an unknown name
     */
    public static Set<String> parseNamespaces(String list) {
        Set<String> result = new LinkedHashSet<>();
        for (String token : list.split("\\|", -1)) {
            // LXC rewrites the manual's names to the /proc ones (case-sensitively), then matches any case.
            String name = switch (token) {
                case "MOUNT" -> "mnt";
                case "UTSNAME" -> "uts";
                case "NETWORK" -> "net";
                default -> token.toLowerCase(Locale.ROOT);
            };
            if (!NAMESPACE_KINDS.contains(name)) {
                throw new IllegalArgumentException("Invalid namespace name \"" + token + "\"");
            }
            result.add(name);
        }
        return result;
    }

    /**
     * `-e` as LXC parses it: no list keeps every privilege, else a `|`-separated list of
     * CGROUP, CAP, LSM (exactly so).
     *
     * @throws IllegalArgumentException with LXC's message for an unknown one
     */
    public static Set<Privilege> parseElevated(String list) {
        if (list == null) return EnumSet.allOf(Privilege.class);
        Set<Privilege> result = EnumSet.noneOf(Privilege.class);
        for (String token : list.split("\\|", -1)) {
            Privilege p = null;
            for (Privilege candidate : Privilege.values()) {
                if (candidate.name().equals(token)) p = candidate;
            }
            if (p == null) throw new IllegalArgumentException("Invalid elevated privilege \"" + token + "\" requested");
            result.add(p);
        }
        return result;
    }
}
