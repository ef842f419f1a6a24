package org.jlxc.config;

import java.util.List;

/**
 * One entry of the key table: the canonical (LXC 5.x) name, how repeated lines combine, how the
 * value parses and prints, and the legacy names read into the same place.
 *
 * @param name    canonical name; for prefix families the prefix without the dot ({@code lxc.cgroup})
 * @param kind    how lines combine
 * @param type    value parser/printer (null for {@link Kind#CLEAR_ONLY} and {@link Kind#INCLUDE})
 * @param aliases legacy names (1.0.7 / 2.x) that mean the same key
 * @param removed non-null for 1.0.7 keys LXC 5.x dropped without a replacement: why it is ignored
 */
record Key(String name, Kind kind, ValueType type, List<String> aliases, String removed) {

    enum Kind {
        /** Last line wins; an empty value unsets. */
        SCALAR,
        /** Each line appends one value; an empty value clears. */
        LIST,
        /** Each line appends blank-separated items; an empty value clears. */
        SPLIT,
        /** {@code name.SUB}: every line appends (cgroup settings); {@code name.SUB =} clears SUB, {@code name =} all. */
        FAMILY_APPEND,
        /** {@code name.SUB}: one value per SUB, a later line replaces it (sysctl, prlimit...). */
        FAMILY_REPLACE,
        /** Only an empty value is allowed, and it clears a group ({@code lxc.net =}, {@code lxc.hook =}). */
        CLEAR_ONLY,
        /** {@code lxc.include}: handled by the parser. */
        INCLUDE
    }

    boolean family() {
        return kind == Kind.FAMILY_APPEND || kind == Kind.FAMILY_REPLACE;
    }

    boolean multiValued() {
        return kind == Kind.LIST || kind == Kind.SPLIT;
    }
}
