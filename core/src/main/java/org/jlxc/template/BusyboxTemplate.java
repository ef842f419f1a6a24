package org.jlxc.template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The busybox template: the tree and config of LXC 5's {@code lxc-busybox}, built in Java.
 * A tiny FHS tree, the host's busybox with a symlink per applet, {@code sbin/init} as a hard
 * link to it, busybox init with an inittab, and a config that bind-mounts the host's library
 * directories read-only and makes busybox init's halt and reboot signals the container's.
 */
public final class BusyboxTemplate implements Template {

    /** The directories LXC's template makes, all 0755 before /tmp gets its sticky bit. */
    private static final String[] TREE = {
            "selinux", "dev", "home", "root", "etc", "etc/init.d", "bin", "usr/bin", "sbin", "usr/sbin",
            "proc", "sys", "mnt", "tmp", "var/log", "var/run", "dev/pts", "lib", "usr/lib", "lib64", "usr/lib64"};

    /** Host library directories bind-mounted (read-only) when they exist on both sides. */
    private static final String[] LIB_DIRS = {"lib", "usr/lib", "lib64", "usr/lib64"};

    /** busybox's udhcpc built-in default when its help does not tell. */
    private static final String FALLBACK_UDHCPC_SCRIPT = "/usr/share/udhcpc/default.script";

    private static final Pattern UDHCPC_SCRIPT = Pattern.compile("-s\\s+PROG.*\\(default\\s+(/[^)\\s]+)\\)");

    private static final String RCS = """
            #!/bin/sh
            /bin/syslogd
            /bin/mount -a
            /bin/udhcpc
            """;

    /** sysinit runs rcS, a getty on tty1, and a shell on the console once Enter is pressed. */
    private static final String INITTAB = """
            ::sysinit:/etc/init.d/rcS
            tty1::respawn:/bin/getty -L tty1 115200 vt100
            console::askfirst:/bin/sh
            """;

    /** Called by udhcpc with the event in $1 and the lease in the environment. */
    private static final String UDHCPC_HOOK = """
            #!/bin/sh
            # udhcpc event hook: apply the lease udhcpc got to $interface.
            case "$1" in
              deconfig)
                ip addr flush dev $interface
                ;;
              bound|renew)
                [ -n "$router" ] && ip route del default 2> /dev/null
                bcast=
                [ -n "$broadcast" ] && bcast="broadcast $broadcast"
                ip addr add $ip/$mask $bcast dev $interface
                [ -n "$router" ] && ip route add default via $router dev $interface
                [ -n "$domain" ] && echo "search $domain" > /etc/resolv.conf
                for server in $dns; do
                  grep -q "nameserver $server" /etc/resolv.conf 2> /dev/null ||
                    echo "nameserver $server" >> /etc/resolv.conf
                done
                ;;
            esac
            exit 0
            """;

    @Override
    public String name() {
        return "busybox";
    }

    @Override
    public String summary() {
        return "a minimal system made of the host's busybox (like LXC's lxc-busybox)";
    }

    @Override
    public String help() {
        return """
                busybox template: a minimal container running busybox init.

                Template arguments:
                  --busybox-path=PATH   the busybox binary to copy (default: busybox found in PATH)
                """;
    }

    @Override
    public void create(TemplateContext ctx) throws TemplateException {
        TemplateOptions options = TemplateOptions.parse(name(), ctx.args(), Set.of("busybox-path"));
        Path busybox = findBusybox(options.get("busybox-path"));
        RootfsBuilder fs = new RootfsBuilder(ctx.rootfs());

        ctx.progress().accept("Creating the directory tree");
        fs.dirs(0755, TREE);
        fs.chmod("tmp", 01777);

        ctx.progress().accept("Writing /etc files");
        fs.file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 0644);
        fs.file("etc/group", "root:x:0:root\n", 0644);
        fs.file("etc/init.d/rcS", RCS, 0744);
        fs.file("etc/inittab", INITTAB, 0644);
        writeUdhcpcHook(fs, busybox);

        ctx.progress().accept("Copying " + busybox);
        int hostMode = mode(busybox);
        fs.copy(busybox, "bin/busybox", hostMode & 0777);
        for (String applet : applets(busybox)) {
            fs.symlink("bin/" + applet, "busybox");
        }
        fs.hardlink("sbin/init", "bin/busybox");
        fs.file("etc/fstab", "", 0644);
        // LXC's template does "chmod +s bin/passwd"; chmod follows the symlink, so busybox itself
        // (and its hard link sbin/init) becomes setuid and setgid. Kept: containers rely on it.
        fs.chmod("bin/busybox", (hostMode & 0777) | 06000);
        fs.file("etc/shadow", "", 0644);

        appendConfig(ctx);
    }

    private static void appendConfig(TemplateContext ctx) {
        ConfigAppender c = ctx.config();
        // busybox init ignores SIGPWR (LXC's default halt signal): it halts on SIGUSR1, reboots on SIGTERM.
        c.set("lxc.signal.halt", "SIGUSR1");
        c.set("lxc.signal.reboot", "SIGTERM");
        c.set("lxc.uts.name", "\"" + ctx.name() + "\"");
        c.set("lxc.autodev", "1");
        c.set("lxc.tty.max", "5");
        c.set("lxc.pty.max", "1");
        c.set("lxc.cap.drop", "sys_module mac_admin mac_override sys_time");
        c.line("");
        c.line("# On an AppArmor host, running unconfined needs the next line uncommented:");
        c.line("#lxc.apparmor.profile = unconfined");
        c.line("");
        c.set("lxc.mount.auto", "cgroup:mixed proc:mixed sys:ro");
        c.set("lxc.mount.entry", "shm dev/shm tmpfs defaults,create=dir 0 0");
        c.set("lxc.mount.entry", "mqueue dev/mqueue mqueue defaults,optional,create=dir 0 0");
        for (String dir : LIB_DIRS) {
            if (Files.isDirectory(Path.of("/", dir)) && Files.isDirectory(ctx.rootfs().resolve(dir))) {
                c.set("lxc.mount.entry", "/" + dir + " " + dir + " none ro,bind 0 0");
            }
        }
        c.set("lxc.mount.entry", "/sys/kernel/security sys/kernel/security none ro,bind,optional 0 0");
    }

    /** The hook goes where this busybox's udhcpc looks for it by default (its help says where). */
    private static void writeUdhcpcHook(RootfsBuilder fs, Path busybox) throws TemplateException {
        HostCommand.Result help = HostCommand.run(List.of(busybox.toString(), "udhcpc", "--help"));
        String script = FALLBACK_UDHCPC_SCRIPT;
        Matcher m = UDHCPC_SCRIPT.matcher(help.output());
        if (m.find()) {
            script = m.group(1);
        }
        String relative = script.substring(1);
        String dir = Path.of(relative).getParent().toString();
        fs.dirs(0755, dir);
        // LXC's template makes this directory 0644 (no search bit); kept for an identical tree.
        fs.chmod(dir, 0644);
        fs.file(relative, UDHCPC_HOOK, 0744);
    }

    private static List<String> applets(Path busybox) throws TemplateException {
        HostCommand.Result list = HostCommand.run(List.of(busybox.toString(), "--list"));
        if (list.status() != 0) {
            throw new TemplateException("\"" + busybox + " --list\" failed (exit " + list.status() + "): "
                    + list.output().strip());
        }
        List<String> applets = new ArrayList<>();
        for (String line : list.output().split("\n")) {
            String applet = line.strip();
            // The applet list names busybox itself too; that one is the real binary.
            if (!applet.isEmpty() && !applet.contains("busybox") && !applet.contains("/")) {
                applets.add(applet);
            }
        }
        return applets;
    }

    private static Path findBusybox(String given) throws TemplateException {
        if (given != null) {
            Path p = Path.of(given);
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new TemplateException("busybox binary not found or not executable: " + given);
            }
            return p;
        }
        String searchPath = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin";
        Path found = HostCommand.which("busybox", searchPath);
        if (found == null) {
            throw new TemplateException("busybox not found in PATH: install busybox (busybox-static is best)"
                    + " or pass --busybox-path=PATH, or use the \"host\" template");
        }
        return found;
    }

    private static int mode(Path p) throws TemplateException {
        try {
            return (Integer) Files.getAttribute(p, "unix:mode");
        } catch (java.io.IOException e) {
            throw new TemplateException("Failed to stat " + p + ": " + RootfsBuilder.reason(e), e);
        }
    }
}
