package org.jlxc.cli;

import java.io.PrintStream;
import java.util.List;

/** Lets tests of other packages run a tool through the package-private {@link ToolRunner}. */
public final class ToolRunnerAccess {
    private ToolRunnerAccess() {}

    public static int run(Tool tool, String[] args, PrintStream out, PrintStream err) {
        return ToolRunner.run(tool, List.of(args), out, err);
    }
}
