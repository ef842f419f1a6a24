package org.jlxc.seccomp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a seccomp policy file in LXC's language (seccomp.c of LXC 5): a version line (1 or 2), a
 * policy line, then rules. Behaviour follows LXC's, quirks included, on an x86_64 host:
 * <ul>
 * <li>version 1: the policy line must contain "allowlist"; every further line starts with a
 *     decimal x86_64 system call number to allow; everything else is killed.</li>
 * <li>version 2: the policy line starts with allowlist/whitelist (default kill, rules allow) or
 *     denylist/blacklist (default allow, rules kill), optionally followed by the default action.
 *     Rule lines are `NAME [ACTION] [[idx,value,OP]...]`; a line starting with '#' is a comment,
 *     and after the name an action starting with '#' means none. A name no x86 ABI knows is
 *     skipped (LXC logs it and goes on); so are blank lines (an empty name).</li>
 * <li>`[x86]`, `[x32]`, `[x86_64]`, `[all]` (or upper case) sections: on an x86_64 host LXC adds
 *     every rule to all three ABIs whatever the section; sections of other architectures
 *     (`[arm]`, `[ppc64]`, ...) skip their rules; any other section is an error.</li>
 * <li>`reject_force_umount`: umount2 with MNT_FORCE in its flags fails with EACCES.</li>
 * <li>A "debug" anywhere in the policy line is refused, as by LXC.</li>
 * </ul>
 * Actions: kill, errno N, allow, trap; notify is not supported yet.
 */
public final class ProfileParser {
    private static final int EACCES = 13, MNT_FORCE = 1;
    private static final Set<String> X86_SECTIONS = Set.of("[x86]", "[X86]", "[x32]", "[X32]", "[x86_64]",
            "[X86_64]", "[all]", "[ALL]");
    /** Sections LXC knows for other hosts: their rules do not apply here. */
    private static final Set<String> FOREIGN_SECTIONS = Set.of("[arm]", "[ARM]", "[arm64]", "[ARM64]",
            "[ppc64le]", "[PPC64LE]", "[ppc64]", "[PPC64]", "[ppc]", "[PPC]", "[mips64]", "[MIPS64]",
            "[mips64n32]", "[MIPS64N32]", "[mips]", "[MIPS]", "[mipsel64]", "[MIPSEL64]", "[mipsel64n32]",
            "[MIPSEL64N32]", "[mipsel]", "[MIPSEL]", "[s390x]", "[S390X]", "[s390]", "[S390]",
            "[loongarch64]", "[LOONGARCH64]");
    /** LXC's sscanf "[%i,%23[^,],%30[^0-9^,],%23[^,]": 3 or 4 fields, the rest ignored. */
    private static final Pattern ARG = Pattern.compile(
            "\\[\\s*([-+]?(?:0[xX][0-9a-fA-F]+|[0-9]+)),([^,]{1,23}),([^0-9^,]{1,30})(?:,([^,]{1,23}))?");
    private static final Pattern LEADING_INT = Pattern.compile("^\\s*([-+]?[0-9]+)");

    private final Path file;
    private final String origin;
    private int lineNo;

    private ProfileParser(Path file, String origin) {
        this.file = file;
        this.origin = origin;
    }

    /**
     * @param origin where the profile was named ("lxc.seccomp.profile (/var/lib/lxc/c1/config:12)"),
     *               added to every message
     */
    public static Profile read(Path file, String origin) throws SeccompException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SeccompException("cannot read the seccomp profile " + file + ": " + e.getMessage()
                    + " (" + origin + ")");
        }
        return parse(file, origin, text);
    }

    public static Profile parse(Path file, String origin, String text) throws SeccompException {
        return new ProfileParser(file, origin).parse(text);
    }

    private Profile parse(String text) throws SeccompException {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast(); // the newline ending the last line
        }
        // fscanf("%d\n"): whitespace, the number, then any whitespace (blank lines too).
        int i = skipBlank(lines, 0);
        lineNo = i + 1;
        if (i == lines.size() || !lines.get(i).strip().matches("[12]")) {
            throw error("invalid version (the first line must be 1 or 2)");
        }
        int version = Integer.parseInt(lines.get(i).strip());
        i = skipBlank(lines, i + 1);
        lineNo = i + 1;
        if (i == lines.size()) {
            throw error("no policy line (allowlist or denylist) after the version");
        }
        String policy = lines.get(i);
        if (version == 1 && !policy.contains("allowlist")) {
            throw error("only an allowlist policy is supported in version 1");
        }
        if (policy.contains("debug")) {
            throw error("debug is not implemented (as in LXC)");
        }
        List<String> body = lines.subList(i + 1, lines.size());
        return version == 1 ? parseV1(body, i + 1) : parseV2(policy, body, i + 1);
    }

    private static int skipBlank(List<String> lines, int from) {
        int i = from;
        while (i < lines.size() && lines.get(i).isBlank()) i++;
        return i;
    }

    private Profile parseV1(List<String> body, int firstIndex) throws SeccompException {
        List<Rule> rules = new ArrayList<>();
        for (int k = 0; k < body.size(); k++) {
            lineNo = firstIndex + k + 1;
            Matcher m = LEADING_INT.matcher(body.get(k));
            if (!m.find()) {
                throw error("a version 1 profile has one system call number per line: " + quote(body.get(k)));
            }
            int nr;
            try {
                nr = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                throw error("system call number out of range: " + m.group(1));
            }
            if (nr < 0) {
                throw error("not a system call number: " + nr);
            }
            rules.add(new Rule(null, nr, Action.ALLOW, List.of(), lineNo));
        }
        return new Profile(file, 1, Action.KILL, rules);
    }

    private Profile parseV2(String policy, List<String> body, int firstIndex) throws SeccompException {
        boolean denylist;
        if (policy.startsWith("denylist") || policy.startsWith("blacklist")) {
            denylist = true;
        } else if (policy.startsWith("allowlist") || policy.startsWith("whitelist")) {
            denylist = false;
        } else {
            throw error("bad seccomp policy style " + quote(policy) + " (allowlist or denylist)");
        }
        Action policyDefault = null;
        int space = policy.indexOf(' ');
        if (space >= 0) {
            policyDefault = action(policy.substring(space + 1));
        }
        Action defaultAction = policyDefault != null ? policyDefault : denylist ? Action.ALLOW : Action.KILL;
        Action ruleDefault = denylist ? Action.KILL : Action.ALLOW;

        List<Rule> rules = new ArrayList<>();
        boolean foreign = false;
        for (int k = 0; k < body.size(); k++) {
            lineNo = firstIndex + k + 1;
            String line = body.get(k);
            if (line.startsWith("#")) continue;
            if (line.startsWith("[")) {
                if (X86_SECTIONS.contains(line)) {
                    foreign = false;
                } else if (FOREIGN_SECTIONS.contains(line)) {
                    foreign = true;
                } else {
                    throw error("unsupported architecture " + quote(line));
                }
                continue;
            }
            if (foreign) continue;
            Rule rule = rule(line, ruleDefault);
            if (rule == null) continue;
            if (rule.action().equals(defaultAction)) {
                // libseccomp refuses a rule whose action is the filter's default (EACCES), so LXC fails.
                throw error("the action of " + rule.name() + " (" + rule.action() + ") is the profile's default action");
            }
            rules.add(rule);
        }
        return new Profile(file, 2, defaultAction, rules);
    }

    /** null for a line LXC skips: a name no x86 ABI has (blank lines included). */
    private Rule rule(String line, Action ruleDefault) throws SeccompException {
        Action action = ruleDefault;
        int space = line.indexOf(' ');
        if (space >= 0) {
            String rest = line.substring(space + 1).stripLeading();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                action = action(rest);
            }
        }
        List<ArgCondition> args = line.indexOf('[') >= 0 ? args(line) : List.of();
        String name = space >= 0 ? line.substring(0, space) : line;
        if (name.startsWith("reject_force_umount")) {
            return new Rule("umount2", -1, Action.errno(EACCES),
                    List.of(new ArgCondition(1, MNT_FORCE, ArgCondition.Compare.MASKED_EQ, MNT_FORCE)), lineNo);
        }
        if (Arch.X86_64.number(name) < 0 && Arch.I386.number(name) < 0 && Arch.X32.number(name) < 0) {
            return null;
        }
        return new Rule(name, -1, action, args, lineNo);
    }

    /** LXC's get_v2_default_action: the action word is matched as a prefix. */
    private Action action(String text) throws SeccompException {
        String s = text.stripLeading();
        if (s.startsWith("kill")) return Action.KILL;
        if (s.startsWith("errno")) {
            Matcher m = LEADING_INT.matcher(s.substring(5));
            if (!m.find()) {
                throw error("errno without a number: " + quote(s));
            }
            try {
                return Action.errno(Integer.parseInt(m.group(1)));
            } catch (NumberFormatException e) {
                throw error("errno out of range: " + m.group(1));
            }
        }
        if (s.startsWith("allow")) return Action.ALLOW;
        if (s.startsWith("trap")) return Action.TRAP;
        if (s.startsWith("notify")) {
            throw error("not supported yet: the seccomp action notify");
        }
        throw error("unrecognized seccomp action " + quote(s) + " (kill, errno N, allow, trap)");
    }

    /** The `[...]` conditions: the line split at ']' (as LXC's strtok), each piece one condition, at most 6. */
    private List<ArgCondition> args(String line) throws SeccompException {
        List<ArgCondition> args = new ArrayList<>();
        for (String piece : line.split("]")) {
            if (piece.isEmpty()) continue;
            if (args.size() == 6) break;
            int open = piece.indexOf('[');
            if (open < 0) {
                throw error("text outside the argument conditions: " + quote(piece));
            }
            Matcher m = ARG.matcher(piece.substring(open));
            if (!m.lookingAt()) {
                throw error("bad argument condition " + quote(piece.substring(open) + "]")
                        + " ([index,value,OP] or [index,value,SCMP_CMP_MASKED_EQ,mask])");
            }
            long index = number(m.group(1), "argument index");
            if (index < 0 || index >= 6) {
                throw error("argument index " + m.group(1) + " is not 0 to 5");
            }
            long value = number(m.group(2), "argument value");
            long mask = m.group(4) == null ? 0 : number(m.group(4), "argument mask");
            ArgCondition.Compare op = ArgCondition.Compare.of(m.group(3));
            if (op == null) {
                throw error("unknown comparison " + quote(m.group(3)) + " (SCMP_CMP_NE|LT|LE|EQ|GE|GT|MASKED_EQ or "
                        + "!=, <, <=, ==, >=, >, &=)");
            }
            args.add(new ArgCondition((int) index, value, op, mask));
        }
        return args;
    }

    /** An unsigned number as strtoull with base 0: 0x hex, leading-0 octal, decimal. */
    private long number(String text, String what) throws SeccompException {
        String s = text.strip();
        try {
            if (s.startsWith("-")) throw new NumberFormatException();
            if (s.startsWith("+")) s = s.substring(1);
            if (s.startsWith("0x") || s.startsWith("0X")) return Long.parseUnsignedLong(s.substring(2), 16);
            if (s.length() > 1 && s.startsWith("0")) return Long.parseUnsignedLong(s.substring(1), 8);
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw error("invalid " + what + " " + quote(text));
        }
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private SeccompException error(String message) {
        return new SeccompException(file + ":" + lineNo + ": " + message + " (" + origin + ")");
    }
}
