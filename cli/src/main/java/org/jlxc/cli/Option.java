package org.jlxc.cli;

/**
 * A command-line option as getopt_long sees it.
 *
 * @param shortName the short letter, or 0 when the option has only a long name
 * @param longName  the long name without dashes ("name"), never null
 * @param arg       whether it takes an argument
 * @param argName   the argument's name in help ("NAME"), null when none
 * @param help      help text (may span lines with '\n')
 */
public record Option(char shortName, String longName, Arg arg, String argName, String help) {
    public enum Arg { NONE, REQUIRED, OPTIONAL }

    public static Option flag(char shortName, String longName, String help) {
        return new Option(shortName, longName, Arg.NONE, null, help);
    }

    public static Option withArg(char shortName, String longName, String argName, String help) {
        return new Option(shortName, longName, Arg.REQUIRED, argName, help);
    }
}
