package org.jlxc.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * glibc's getopt_long as LXC's tools use it: short options (clustered, {@code -nNAME} or
 * {@code -n NAME}), long options ({@code --name=NAME}, {@code --name NAME}, unambiguous prefixes),
 * {@code --} ends the options. Optional arguments are only taken attached ({@code --opt=VAL},
 * {@code -oVAL}).
 *
 * <p>Non-options are handled as glibc does by default ({@link Ordering#PERMUTE}): they are
 * collected and parsing goes on, so {@code lxc-info c1 -s} is {@code lxc-info -s c1}, and a
 * command with options needs {@code --} ({@code lxc-attach -n c1 -- ls -l}). Real LXC 5.0 does
 * exactly this (observed: {@code lxc-attach -n c1 ls --foo} fails on {@code --foo}).
 * {@link Ordering#REQUIRE_ORDER} is glibc's "+" mode (or POSIXLY_CORRECT): parsing stops at
 * the first non-option.
 *
 * <p>Errors are {@link UsageException}s worded as glibc prints them, without the program
 * name ("unrecognized option '--foo'"); the caller prefixes "lxc-start: ".
 */
public final class Getopt {
    /** What a non-option argument does to parsing. */
    public enum Ordering {
        /** glibc's default: non-options are set aside and parsing continues. */
        PERMUTE,
        /** glibc's "+" mode: the first non-option ends the options. */
        REQUIRE_ORDER
    }

    /** One option as it was given, with its argument (null when none). */
    public record Occurrence(Option option, String value) {}

    /** The options in the order given, and the remaining arguments. */
    public record Result(List<Occurrence> options, List<String> arguments) {
        public Result {
            options = List.copyOf(options);
            arguments = List.copyOf(arguments);
        }

        public boolean has(String longName) {
            for (Occurrence o : options) if (o.option().longName().equals(longName)) return true;
            return false;
        }

        /** The last value given for the option, or null. */
        public String value(String longName) {
            String v = null;
            for (Occurrence o : options) if (o.option().longName().equals(longName)) v = o.value();
            return v;
        }

        /** Every non-null value given for the option, in order. */
        public List<String> values(String longName) {
            List<String> vs = new ArrayList<>();
            for (Occurrence o : options) {
                if (o.option().longName().equals(longName) && o.value() != null) vs.add(o.value());
            }
            return List.copyOf(vs);
        }
    }

    private final List<Option> options;
    private final Ordering ordering;
    private final Map<Character, Option> byShort = new HashMap<>();
    private final Map<String, Option> byLong = new HashMap<>();

    /** @throws IllegalArgumentException when two options share a short or long name (a bug in a tool) */
    public Getopt(List<Option> options, Ordering ordering) {
        this.options = List.copyOf(options);
        this.ordering = ordering;
        for (Option o : this.options) {
            if (o.shortName() != 0 && byShort.put(o.shortName(), o) != null) {
                throw new IllegalArgumentException("two options use -" + o.shortName());
            }
            if (byLong.put(o.longName(), o) != null) {
                throw new IllegalArgumentException("two options use --" + o.longName());
            }
        }
    }

    public List<Option> options() {
        return options;
    }

    public Result parse(List<String> args) throws UsageException {
        List<Occurrence> found = new ArrayList<>();
        List<String> arguments = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (arg.startsWith("--")) {
                i = parseLong(args, i, found);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                i = parseShorts(args, i, found);
            } else if (ordering == Ordering.PERMUTE) {
                arguments.add(arg); // a non-option ("-" alone included), kept in order
                i++;
            } else {
                break; // the first non-option: the rest are arguments
            }
        }
        arguments.addAll(args.subList(i, args.size()));
        return new Result(found, arguments);
    }

    /** Parses args[i], a "--name[=value]"; returns the index of the next unparsed argument. */
    private int parseLong(List<String> args, int i, List<Occurrence> found) throws UsageException {
        String arg = args.get(i);
        String body = arg.substring(2);
        int eq = body.indexOf('=');
        String name = eq < 0 ? body : body.substring(0, eq);
        String attached = eq < 0 ? null : body.substring(eq + 1);
        Option o = lookupLong(arg, name);
        switch (o.arg()) {
            case NONE -> {
                if (attached != null) {
                    throw new UsageException("option '--" + o.longName() + "' doesn't allow an argument");
                }
                found.add(new Occurrence(o, null));
            }
            case OPTIONAL -> found.add(new Occurrence(o, attached));
            case REQUIRED -> {
                if (attached != null) {
                    found.add(new Occurrence(o, attached));
                } else if (i + 1 < args.size()) {
                    // glibc takes the next argument whatever it looks like ("--name -x" names "-x")
                    found.add(new Occurrence(o, args.get(i + 1)));
                    return i + 2;
                } else {
                    throw new UsageException("option '--" + o.longName() + "' requires an argument");
                }
            }
        }
        return i + 1;
    }

    /** An exact long name, else the only option it is a prefix of. */
    private Option lookupLong(String arg, String name) throws UsageException {
        Option exact = byLong.get(name);
        if (exact != null) return exact;
        List<Option> candidates = new ArrayList<>();
        // As glibc, "--=x" has an empty name, a prefix of every option.
        for (Option o : options) if (o.longName().startsWith(name)) candidates.add(o);
        if (candidates.size() == 1) return candidates.getFirst();
        if (candidates.isEmpty()) throw new UsageException("unrecognized option '" + arg + "'");
        StringBuilder msg = new StringBuilder("option '" + arg + "' is ambiguous; possibilities:");
        for (Option c : candidates) msg.append(" '--").append(c.longName()).append('\'');
        throw new UsageException(msg.toString());
    }

    /** Parses args[i], a cluster of short options like "-dF" or "-dnNAME". */
    private int parseShorts(List<String> args, int i, List<Occurrence> found) throws UsageException {
        String arg = args.get(i);
        for (int k = 1; k < arg.length(); k++) {
            char c = arg.charAt(k);
            Option o = byShort.get(c);
            if (o == null) throw new UsageException("invalid option -- '" + c + "'");
            String rest = arg.substring(k + 1);
            switch (o.arg()) {
                case NONE -> found.add(new Occurrence(o, null));
                case OPTIONAL -> {
                    found.add(new Occurrence(o, rest.isEmpty() ? null : rest));
                    return i + 1;
                }
                case REQUIRED -> {
                    if (!rest.isEmpty()) {
                        found.add(new Occurrence(o, rest));
                        return i + 1;
                    }
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option requires an argument -- '" + c + "'");
                    }
                    found.add(new Occurrence(o, args.get(i + 1)));
                    return i + 2;
                }
            }
        }
        return i + 1;
    }
}
