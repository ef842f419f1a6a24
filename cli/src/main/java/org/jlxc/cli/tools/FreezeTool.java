package org.jlxc.cli.tools;

import java.util.List;

import org.jlxc.Container;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;

/**
 * lxc-freeze and lxc-unfreeze: one tool class for both, as they differ in the verb only. Like
 * LXC 5's, freezing a container that does not run fails ("Failed to freeze LXCPATH:NAME"), and
 * unfreezing one that is not frozen (or not running) succeeds doing nothing.
 */
public final class FreezeTool implements Tool {
    private final boolean freeze;

    private FreezeTool(boolean freeze) {
        this.freeze = freeze;
    }

    public static FreezeTool freeze() { return new FreezeTool(true); }

    public static FreezeTool unfreeze() { return new FreezeTool(false); }

    private String verb() { return freeze ? "freeze" : "unfreeze"; }

    @Override public String name() { return verb(); }

    @Override public String summary() { return freeze ? "freeze all the container's processes" : "thaw a frozen container"; }

    @Override
    public String description() {
        return "lxc-" + verb() + " --name=NAME\n\nlxc-" + verb() + " " + (freeze ? "freezes" : "unfreezes")
                + " a container with the identifier NAME\n";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public int run(Invocation inv) throws Exception {
        Container c = new Container(inv.name(), inv.lxcpath(), ContainerArgs.warnings(inv));
        if (inv.rcfile() != null) c.loadConfig(inv.rcfile());
        String failed = "Failed to " + verb() + " " + inv.lxcpath() + ":" + c.name();
        try {
            if (freeze ? c.freeze() : c.unfreeze()) return 0;
        } catch (java.io.IOException e) {
            inv.err().println(inv.program() + ": " + c.name() + ": " + e.getMessage());
        }
        inv.err().println(inv.program() + ": " + c.name() + ": " + failed);
        return 1;
    }
}
