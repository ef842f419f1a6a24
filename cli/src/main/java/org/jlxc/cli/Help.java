package org.jlxc.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The texts of --help and --usage, for one tool and for jlxc itself. */
public final class Help {
    private static final int MAX_SPEC = 30;
    private static final int WIDTH = 79;

    private Help() {}

    /** `lxc-TOOL --help`: usage and description, the tool's options, then the common ones
     *  ({@code options} is every option, as {@link CommonOptions#merge} returns them). */
    public static String tool(Tool tool, List<Option> options) {
        List<Option> own = tool.options();
        List<Option> common = new ArrayList<>(options);
        common.removeAll(own);
        int width = 0;
        for (Option o : options) width = Math.max(width, spec(o).length());
        width = Math.min(width, MAX_SPEC) + 2;

        StringBuilder b = new StringBuilder("Usage: ").append(tool.description());
        if (!tool.description().endsWith("\n")) b.append('\n');
        if (!own.isEmpty()) {
            b.append("\nOptions :\n");
            for (Option o : own) line(b, o, width);
        }
        b.append("\nCommon options :\n");
        for (Option o : common) line(b, o, width);
        b.append("\nAn argument a long option requires (or allows) is also required (or allowed)\n")
         .append("with its short form.\n\n")
         .append("See the ").append(program(tool)).append(" man page for further information.\n");
        return b.toString();
    }

    /** `lxc-TOOL --usage`: every option on a few wrapped lines. */
    public static String usage(Tool tool, List<Option> options) {
        String program = program(tool);
        StringBuilder b = new StringBuilder("Usage: ").append(program);
        int col = b.length();
        for (Option o : options) {
            String item = " [" + (o.shortName() != 0 ? "-" + o.shortName() + "|" : "") + "--" + o.longName()
                    + argSuffix(o) + "]";
            if (col + item.length() > WIDTH) {
                b.append("\n      ");
                col = 6;
            }
            b.append(item);
            col += item.length();
        }
        return b.append('\n').toString();
    }

    /** `jlxc --help`: every listed tool with its summary. */
    public static String general(Collection<Tool> tools) {
        StringBuilder b = new StringBuilder()
                .append("Usage: jlxc TOOL [OPTION...] [ARG...]\n")
                .append("       lxc-TOOL [OPTION...] [ARG...]\n\n")
                .append("jlxc runs Linux containers the way LXC does: same configuration files,\n")
                .append("same container directories, same commands.\n\nTools:\n");
        int width = 0;
        for (Tool t : tools) width = Math.max(width, t.name().length());
        for (Tool t : tools) {
            b.append("  ").append(t.name());
            b.append(" ".repeat(width - t.name().length() + 3)).append(t.summary()).append('\n');
        }
        return b.append("\nEach tool is also installed as lxc-TOOL: `lxc-start ARGS` is `jlxc start ARGS`.\n")
                .append("`jlxc TOOL --help` describes the options of a tool.\n\n")
                .append("Options:\n")
                .append("  -h, --help     Print this help and exit\n")
                .append("      --version  Print the version and exit\n")
                .toString();
    }

    static String program(Tool tool) {
        return "lxc-" + tool.name();
    }

    private static String spec(Option o) {
        String s = o.shortName() != 0 ? "-" + o.shortName() + ", " : "    ";
        return s + "--" + o.longName() + argSuffix(o);
    }

    private static String argSuffix(Option o) {
        return switch (o.arg()) {
            case NONE -> "";
            case REQUIRED -> "=" + argName(o);
            case OPTIONAL -> "[=" + argName(o) + "]";
        };
    }

    private static String argName(Option o) {
        return o.argName() != null ? o.argName() : o.longName().toUpperCase(java.util.Locale.ROOT);
    }

    private static void line(StringBuilder b, Option o, int width) {
        String spec = "  " + spec(o);
        String[] help = o.help() == null ? new String[] {""} : o.help().split("\n", -1);
        b.append(spec);
        int pad = width + 2 - spec.length();
        if (pad < 1) {
            b.append('\n');
            pad = width + 2;
        }
        b.append(" ".repeat(pad)).append(help[0]).append('\n');
        for (int i = 1; i < help.length; i++) b.append(" ".repeat(width + 2)).append(help[i]).append('\n');
    }
}
