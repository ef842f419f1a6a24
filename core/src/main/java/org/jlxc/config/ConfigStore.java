package org.jlxc.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The typed values of one configuration, stored by canonical key (the state {@code struct lxc_conf}
 * holds): applies parsed lines, prints values back, clears keys. No syntax or file handling here.
 */
final class ConfigStore {
    /** One value of a prefix family ({@code lxc.cgroup.SUB}, {@code lxc.sysctl.SUB}...). */
    record FamilyEntry(String sub, Object value, Origin origin) {
    }

    /** The lines of one network, by sub-key (list sub-keys hold a List). */
    static final class NetDraft {
        final Map<String, Object> values = new LinkedHashMap<>();
        final Origin origin;

        NetDraft(Origin origin) {
            this.origin = origin;
        }
    }

    final Map<String, Object> scalars = new LinkedHashMap<>();
    final Map<String, List<Object>> lists = new LinkedHashMap<>();
    final Map<String, List<FamilyEntry>> families = new LinkedHashMap<>();
    final TreeMap<Integer, NetDraft> networks = new TreeMap<>();

    /**
     * Applies a parsed value. Returns the canonical key actually set (the index of an unindexed
     * legacy network key filled in).
     */
    String apply(ConfigKeys.Resolved r, String value, Origin origin) throws ConfigException {
        Key k = r.key();
        if (r.netIndex() != null) {
            return applyNetwork(r, value, origin);
        }
        switch (k.kind()) {
            case CLEAR_ONLY -> {
                if (!value.isEmpty()) {
                    throw new ConfigException(origin, r.canonical(), r.canonical() + ": only an empty value (to clear) is allowed");
                }
                clear(r);
            }
            case SCALAR -> {
                if (value.isEmpty()) {
                    scalars.remove(k.name());
                } else {
                    scalars.put(k.name(), locate(parse(k, r, value, origin), origin));
                }
            }
            case LIST, SPLIT -> {
                if (value.isEmpty()) {
                    lists.remove(k.name());
                } else {
                    Object parsed = parse(k, r, value, origin);
                    List<Object> list = lists.computeIfAbsent(k.name(), x -> new ArrayList<>());
                    if (k.kind() == Key.Kind.SPLIT) {
                        list.addAll((List<?>) parsed);
                    } else {
                        list.add(locate(parsed, origin));
                    }
                }
            }
            case FAMILY_APPEND, FAMILY_REPLACE -> {
                if (value.isEmpty()) {
                    clear(r);
                } else if (r.sub() == null) {
                    throw new ConfigException(origin, r.canonical(), r.canonical() + ": needs a sub-key, e.g. "
                            + k.name() + ".NAME");
                } else {
                    Object parsed = parse(k, r, value, origin);
                    List<FamilyEntry> list = families.computeIfAbsent(k.name(), x -> new ArrayList<>());
                    if (k.kind() == Key.Kind.FAMILY_REPLACE) {
                        list.removeIf(e -> e.sub().equals(r.sub()));
                    }
                    list.add(new FamilyEntry(r.sub(), parsed, origin));
                }
            }
            case INCLUDE -> throw new IllegalStateException("includes are handled by the parser");
        }
        return r.canonical();
    }

    private static Object parse(Key k, ConfigKeys.Resolved r, String value, Origin origin) throws ConfigException {
        try {
            return k.type().parse(value);
        } catch (InvalidValueException e) {
            throw ConfigException.badValue(origin, r.canonical(), value, e.getMessage());
        }
    }

    private static Object locate(Object parsed, Origin origin) {
        return parsed instanceof Located l ? l.withOrigin(origin) : parsed;
    }

    private String applyNetwork(ConfigKeys.Resolved r, String value, Origin origin) throws ConfigException {
        int index = r.netIndex();
        boolean isType = r.sub().equals("type");
        if (index == ConfigKeys.UNINDEXED) {
            // 1.0.7: each lxc.network.type starts a new nic, other keys go to the last one;
            // an empty lxc.network.type clears all nics.
            if (isType && value.isEmpty()) {
                networks.clear();
                return "lxc.net";
            }
            if (isType) {
                index = networks.isEmpty() ? 0 : networks.lastKey() + 1;
            } else if (networks.isEmpty()) {
                throw new ConfigException(origin, r.canonical(), r.canonical().replace("lxc.net.?.", "lxc.network.")
                        + ": no network defined yet (lxc.network.type must come first)");
            } else {
                index = networks.lastKey();
            }
        }
        String canonical = "lxc.net." + index + "." + r.sub();
        NetDraft net = networks.get(index);
        if (value.isEmpty()) {
            if (net != null) {
                net.values.remove(r.sub());
            }
            return canonical;
        }
        Object parsed = parse(r.key(), new ConfigKeys.Resolved(r.key(), canonical, r.sub(), index, r.legacy()), value, origin);
        net = networks.computeIfAbsent(index, i -> new NetDraft(origin));
        if (r.key().kind() == Key.Kind.LIST) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) net.values.computeIfAbsent(r.sub(), s -> new ArrayList<>());
            l.add(parsed);
        } else {
            net.values.put(r.sub(), parsed);
        }
        return canonical;
    }

    /** clear_config_item: the key, the family sub-key, the whole family, or a group. */
    void clear(ConfigKeys.Resolved r) {
        Key k = r.key();
        if (r.netIndex() != null) {
            NetDraft net = networks.get(r.netIndex());
            if (net != null) {
                net.values.remove(r.sub());
            }
            return;
        }
        switch (k.name()) {
            case "lxc.net" -> networks.clear();
            case "lxc.hook" -> ConfigKeys.HOOK_TYPES.forEach(h -> lists.remove("lxc.hook." + h));
            default -> {
                if (k.family()) {
                    if (r.sub() == null) {
                        families.remove(k.name());
                    } else if (families.containsKey(k.name())) {
                        families.get(k.name()).removeIf(e -> e.sub().equals(r.sub()));
                    }
                } else {
                    scalars.remove(k.name());
                    lists.remove(k.name());
                }
            }
        }
    }

    /** get_config_item: the value(s) as LXC prints them; empty when unset. */
    List<String> get(ConfigKeys.Resolved r) {
        Key k = r.key();
        if (r.netIndex() != null) {
            NetDraft net = networks.get(r.netIndex());
            Object v = net == null ? null : net.values.get(r.sub());
            return print(k, v);
        }
        return switch (k.kind()) {
            case SCALAR -> print(k, scalars.get(k.name()));
            case LIST -> print(k, lists.get(k.name()));
            case SPLIT -> lists.containsKey(k.name()) ? List.of(k.type().print(lists.get(k.name()))) : List.of();
            case FAMILY_APPEND, FAMILY_REPLACE -> families.getOrDefault(k.name(), List.of()).stream()
                    .filter(e -> r.sub() == null || e.sub().equals(r.sub()))
                    .map(e -> r.sub() == null ? k.name() + "." + e.sub() + " = " + k.type().print(e.value())
                            : k.type().print(e.value()))
                    .toList();
            case CLEAR_ONLY -> k.name().equals("lxc.net")
                    ? networks.values().stream().map(n -> String.valueOf(n.values.getOrDefault("type", ""))).toList()
                    : ConfigKeys.HOOK_TYPES.stream().flatMap(h -> lists.getOrDefault("lxc.hook." + h, List.of())
                            .stream().map(c -> "lxc.hook." + h + " = " + c)).toList();
            case INCLUDE -> throw new IllegalArgumentException("lxc.include cannot be read back");
        };
    }

    private static List<String> print(Key k, Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(k.type()::print).toList();
        }
        return List.of(k.type().print(v));
    }

    /**
     * Every set value as printed, by canonical key, in a stable order: what two configurations
     * must share to be equal (origins are deliberately not part of it).
     */
    Map<String, List<String>> dump() {
        var out = new LinkedHashMap<String, List<String>>();
        for (String name : ConfigKeys.names()) {
            ConfigKeys.Resolved r = ConfigKeys.resolve(name);
            Key k = r.key();
            if (k.kind() == Key.Kind.INCLUDE || k.kind() == Key.Kind.CLEAR_ONLY) {
                continue;
            }
            if (k.family()) {
                for (FamilyEntry e : families.getOrDefault(name, List.of())) {
                    out.computeIfAbsent(name + "." + e.sub(), x -> new ArrayList<>()).add(k.type().print(e.value()));
                }
                continue;
            }
            List<String> v = get(r);
            if (!v.isEmpty()) {
                out.put(name, v);
            }
        }
        networks.forEach((i, n) -> n.values.forEach((sub, v) ->
                out.put("lxc.net." + i + "." + sub, print(NetworkKeys.get(sub), v))));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigStore s && dump().equals(s.dump());
    }

    @Override
    public int hashCode() {
        return dump().hashCode();
    }
}
