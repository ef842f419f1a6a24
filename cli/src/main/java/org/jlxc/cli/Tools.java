package org.jlxc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jlxc.cli.tools.AttachTool;
import org.jlxc.cli.tools.AutostartTool;
import org.jlxc.cli.tools.CgroupTool;
import org.jlxc.cli.tools.CheckconfigTool;
import org.jlxc.cli.tools.ConfigTool;
import org.jlxc.cli.tools.MonitorTool;
import org.jlxc.cli.tools.ConsoleTool;
import org.jlxc.cli.tools.InfoTool;
import org.jlxc.cli.tools.LsTool;
import org.jlxc.cli.tools.StopTool;
import org.jlxc.cli.tools.WaitTool;
import org.jlxc.cli.tools.CreateTool;
import org.jlxc.cli.tools.DestroyTool;
import org.jlxc.cli.tools.ExecuteTool;
import org.jlxc.cli.tools.FreezeTool;
import org.jlxc.cli.tools.InstallTool;
import org.jlxc.cli.tools.StartTool;
import org.jlxc.cli.tools.UpdateConfigTool;
import org.jlxc.runtime.MonitorRunning;

/**
 * Every tool jlxc has, by name. Adding a tool is one line in the table below. Tools are
 * created on demand: running `lxc-start` loads the classes of lxc-start only. `jlxc --help`
 * and the AOT training create every tool, so a tool's constructor must be cheap and must not
 * touch the system; do the work in {@link Tool#run}.
 */
public final class Tools {
    private static final Map<String, Supplier<Tool>> TOOLS = new TreeMap<>();

    static {
        add("attach", AttachTool::new);
        add("autostart", AutostartTool::new);
        add("cgroup", CgroupTool::new);
        add("checkconfig", CheckconfigTool::new);
        add("config", ConfigTool::new);
        add("console", ConsoleTool::new);
        add("create", CreateTool::new);
        add("destroy", () -> new DestroyTool(new MonitorRunning()));
        add("execute", ExecuteTool::new);
        add("freeze", FreezeTool::freeze);
        add("info", InfoTool::new);
        add("install", InstallTool::new);
        add("ls", LsTool::new);
        add("monitor", MonitorTool::new);
        add("start", StartTool::new);
        add("stop", StopTool::new);
        add("unfreeze", FreezeTool::unfreeze);
        add("update-config", UpdateConfigTool::new);
        add("wait", WaitTool::new);
    }

    private static void add(String name, Supplier<Tool> tool) {
        if (TOOLS.put(name, tool) != null) throw new IllegalStateException("tool " + name + " registered twice");
    }

    private Tools() {}

    /** Every tool name, sorted. */
    public static Set<String> names() {
        return TOOLS.keySet();
    }

    /** A new instance of the named tool, or null when there is none. */
    public static Tool find(String name) {
        Supplier<Tool> s = TOOLS.get(name);
        return s == null ? null : s.get();
    }

    /** An instance of every tool, sorted by name (loads them all: for help and training). */
    public static List<Tool> all() {
        List<Tool> all = new ArrayList<>(TOOLS.size());
        for (Supplier<Tool> s : TOOLS.values()) all.add(s.get());
        return List.copyOf(all);
    }
}
