package org.jlxc.seccomp;

import java.util.List;

/**
 * One rule of a profile: a system call (by name, resolved per ABI when compiled; or, in a
 * version 1 profile, by its x86_64 number), the action, and the argument conditions that must
 * all hold.
 *
 * @param name   the call's name, or null for a version 1 number
 * @param number the x86_64 number of a version 1 rule; -1 otherwise
 * @param line   the profile's line, for messages
 */
public record Rule(String name, int number, Action action, List<ArgCondition> args, int line) {
    public Rule {
        args = List.copyOf(args);
    }

    /** The call's number in this ABI; -1 when it has none there (the rule is left out for it). */
    public int numberIn(Arch arch) {
        if (name == null) {
            return arch == Arch.X86_64 ? number : -1;
        }
        return arch.number(name);
    }
}
