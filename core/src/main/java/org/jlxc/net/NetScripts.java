package org.jlxc.net;

import java.util.ArrayList;
import java.util.List;

import org.jlxc.config.ContainerConfig;
import org.jlxc.plan.HookCommand;

/**
 * The runs of {@code lxc.net.N.script.up} and {@code script.down}, as LXC's run_script_argv
 * (utils.c) makes them from the arguments network.c passes:
 * <ul>
 * <li>the command is {@code /bin/sh -c "exec SCRIPT 'NAME' 'net' 'up' TYPE [LINK [HOSTIF]]"}; with
 *     {@code lxc.hook.version = 1} it is {@code exec SCRIPT TYPE [LINK [HOSTIF]]} (the arguments stay);</li>
 * <li>TYPE LINK for macvlan, ipvlan, vlan and phys; TYPE LINK HOSTIF (the host's veth end) for veth;
 *     TYPE alone for empty; none has no scripts. An unset link is an empty word, which the shell
 *     drops, as in LXC;</li>
 * <li>version 1 only: LXC_HOOK_TYPE (up/down), LXC_HOOK_SECTION=net, LXC_NET_TYPE, LXC_NET_PARENT
 *     (the link, for veth, macvlan and phys only) and LXC_NET_PEER (the host's veth end, veth only);</li>
 * <li>both versions: what every hook of a start has ({@link HookCommand#startEnv}).</li>
 * </ul>
 * The up script runs on the host after the device is made and set up there; the down script
 * before it is taken down at stop.
 */
public final class NetScripts {
    private NetScripts() {
    }

    /** The up script's run for {@code d}, or null when it has none. */
    public static HookCommand up(NetDevice d, ContainerConfig config, HookCommand.Context ctx) {
        Interface i = d.iface();
        return i == null || i.scriptUp() == null ? null : command(d, i.scriptUp(), "up", config, ctx);
    }

    /** The down script's run for {@code d}, or null when it has none. */
    public static HookCommand down(NetDevice d, ContainerConfig config, HookCommand.Context ctx) {
        Interface i = d.iface();
        return i == null || i.scriptDown() == null ? null : command(d, i.scriptDown(), "down", config, ctx);
    }

    /** The words network.c hands to run_script_argv after the hook name. */
    static List<String> arguments(NetDevice d) {
        List<String> a = new ArrayList<>();
        a.add(d.type());
        if (d instanceof NetDevice.Veth v) {
            a.add(orEmpty(v.link()));
            a.add(v.pair());
        } else if (!(d instanceof NetDevice.Empty)) {
            a.add(d.link()); // macvlan, ipvlan, vlan, phys: their link is required
        }
        return a;
    }

    private static HookCommand command(NetDevice d, Script script, String hook, ContainerConfig config,
                                       HookCommand.Context ctx) {
        boolean v1 = Boolean.TRUE.equals(config.hookVersion());
        List<String> args = arguments(d);
        StringBuilder cmd = new StringBuilder("exec ").append(script.command());
        if (!v1) {
            cmd.append(" '").append(ctx.name()).append("' 'net' '").append(hook).append('\'');
        }
        for (String a : args) {
            cmd.append(' ').append(a);
        }
        List<String> env = new ArrayList<>(HookCommand.startEnv(config, ctx));
        if (v1) {
            env.add("LXC_HOOK_TYPE=" + hook);
            env.add("LXC_HOOK_SECTION=net");
            env.add("LXC_NET_TYPE=" + args.get(0));
            String type = d.type();
            if (type.equals("veth")) {
                env.add("LXC_NET_PEER=" + args.get(2));
            }
            if (type.equals("veth") || type.equals("macvlan") || type.equals("phys")) {
                env.add("LXC_NET_PARENT=" + args.get(1));
            }
        }
        String key = "lxc.net." + d.index() + ".script." + hook;
        return new HookCommand(hook, key + " (" + script.origin() + ")",
                List.of(HookCommand.SHELL, "-c", cmd.toString()), env);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
