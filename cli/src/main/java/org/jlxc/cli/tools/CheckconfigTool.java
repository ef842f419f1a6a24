package org.jlxc.cli.tools;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jlxc.cgroup.CgroupLayout;
import org.jlxc.checkconfig.KernelConfig;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.Version;

/**
 * lxc-checkconfig: the kernel features LXC needs, from the kernel's build configuration, and
 * the cgroup mounts, under LXC's headings with its words (enabled / required / missing) and
 * colours (green / red / yellow, on a terminal only). One line more than LXC's: the layout
 * (v1, hybrid, v2) with each hierarchy's controllers, from mountinfo.
 */
public final class CheckconfigTool implements Tool {
    private static final String GREEN = "\033[1;32m", RED = "\033[1;31m", YELLOW = "\033[1;33m", NORMAL = "\033[0;39m";

    @Override public String name() { return "checkconfig"; }

    @Override public String summary() { return "check the kernel's support for containers"; }

    @Override
    public String description() {
        return """
                lxc-checkconfig

                lxc-checkconfig checks the kernel configuration ($CONFIG, else /proc/config.gz,
                the kernel headers' .config or /boot/config-VERSION) and the cgroup mounts.
                """;
    }

    @Override public List<Option> options() { return List.of(); }

    @Override public boolean needsName() { return false; }

    @Override
    public int run(Invocation inv) throws Exception {
        PrintStream out = inv.out();
        boolean colour = org.jlxc.linux.ProcSelf.isTerminal(1);
        String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        out.println("jlxc version " + Version.get()); // not LXC: its version would mislead
        String asked = System.getenv("CONFIG") != null && !System.getenv("CONFIG").isEmpty() ? System.getenv("CONFIG") : "/proc/config.gz";
        Path file = KernelConfig.locate(asked, release);
        if (!Files.isRegularFile(Path.of(asked))) out.println("Kernel configuration not found at " + asked + "; searching...");
        if (file == null) {
            inv.err().println(inv.program() + ": unable to retrieve kernel configuration");
            inv.err().println();
            inv.err().println("Try recompiling with IKCONFIG_PROC, installing the kernel headers,");
            inv.err().println("or specifying the kernel configuration path with:");
            inv.err().println("  CONFIG=<path> " + inv.program());
            return 1;
        }
        if (!file.equals(Path.of(asked))) out.println("Kernel configuration found at " + file);
        KernelConfig k = KernelConfig.read(file);
        Report r = new Report(out, k, colour);
        out.println();
        out.println("--- Namespaces ---");
        r.line("Namespaces", "CONFIG_NAMESPACES", true);
        r.line("Utsname namespace", "CONFIG_UTS_NS", false);
        r.line("Ipc namespace", "CONFIG_IPC_NS", true);
        r.line("Pid namespace", "CONFIG_PID_NS", true);
        r.line("User namespace", "CONFIG_USER_NS", false);
        if (k.isSet("CONFIG_USER_NS")) {
            for (String tool : List.of("newuidmap", "newgidmap")) {
                Path p = onPath(tool);
                if (p == null) out.println(tool + " is not installed");
                else if (!setuid(p)) out.println("Warning: " + tool + " is not setuid-root");
            }
        }
        r.line("Network namespace", "CONFIG_NET_NS", false);
        if (k.major() < 4 || k.major() == 4 && k.minor() < 7) r.line("Multiple /dev/pts instances", "DEVPTS_MULTIPLE_INSTANCES", false);
        out.println();
        out.println("--- Control groups ---");
        r.line("Cgroups", "CONFIG_CGROUPS", false);
        r.result("Cgroup namespace", Files.exists(Path.of("/proc/self/ns/cgroup")), false);
        List<String> v1 = mounts("cgroup"), v2 = mounts("cgroup2");
        out.println("Cgroup v1 mount points: ");
        v1.forEach(m -> out.println(" - " + m));
        out.println("Cgroup v2 mount points: ");
        v2.forEach(m -> out.println(" - " + m));
        if (!v2.equals(List.of("/sys/fs/cgroup"))) {
            if (v1.stream().noneMatch(m -> m.contains("/systemd"))) r.raw("Cgroup v1 systemd controller", "missing", RED);
            if (v1.stream().noneMatch(m -> m.contains("/freezer"))) r.raw("Cgroup v1 freezer controller", "missing", RED);
            if (!v1.isEmpty() && Files.exists(Path.of(v1.getFirst(), "cgroup.clone_children"))) {
                r.raw("Cgroup v1 clone_children flag", "enabled", GREEN);
            }
        }
        out.println("Cgroup layout: " + layout(CgroupLayout.ofHost()));
        r.line("Cgroup device", "CONFIG_CGROUP_DEVICE", false);
        r.line("Cgroup sched", "CONFIG_CGROUP_SCHED", false);
        r.line("Cgroup cpu account", "CONFIG_CGROUP_CPUACCT", false);
        r.line("Cgroup memory controller", k.major() > 3 || k.major() == 3 && k.minor() >= 6 ? "CONFIG_MEMCG" : "CONFIG_CGROUP_MEM_RES_CTLR", false);
        if (k.isSet("CONFIG_SMP")) r.line("Cgroup cpuset", "CONFIG_CPUSETS", false);
        out.println();
        out.println("--- Misc ---");
        boolean modules = Files.exists(Path.of("/proc/modules"));
        String loaded = modules ? Files.readString(Path.of("/proc/modules")) : "";
        for (String[] f : new String[][] {{"Veth pair device", "CONFIG_VETH", "veth"}, {"Macvlan", "CONFIG_MACVLAN", "macvlan"},
                {"Vlan", "CONFIG_VLAN_8021Q", "8021q"}, {"Bridges", "CONFIG_BRIDGE", "bridge"},
                {"Advanced netfilter", "CONFIG_NETFILTER_ADVANCED", "nf_tables"}}) {
            r.line(f[0], f[1], false, modules ? (loaded.contains(f[2]) ? ", loaded" : ", not loaded") : "");
        }
        if (k.major() > 3 && k.minor() > 6 && k.major() < 5) {
            r.line("CONFIG_NF_NAT_IPV4", "CONFIG_NF_NAT_IPV4", false);
            r.line("CONFIG_NF_NAT_IPV6", "CONFIG_NF_NAT_IPV6", false);
        }
        for (String[] f : new String[][] {{"CONFIG_IP_NF_TARGET_MASQUERADE", "nf_nat_masquerade_ipv4"},
                {"CONFIG_IP6_NF_TARGET_MASQUERADE", "nf_nat_masquerade_ipv6"}, {"CONFIG_NETFILTER_XT_TARGET_CHECKSUM", "xt_CHECKSUM"},
                {"CONFIG_NETFILTER_XT_MATCH_COMMENT", "xt_comment"}}) {
            r.line(f[0], f[0], false, modules ? (loaded.contains(f[1]) ? ", loaded" : ", not loaded") : "");
        }
        r.line("FUSE (for use with lxcfs)", "CONFIG_FUSE_FS", false, modules ? (loaded.contains("fuse") ? ", loaded" : ", not loaded") : "");
        out.println();
        out.println("--- Checkpoint/Restore ---");
        r.line("checkpoint restore", "CONFIG_CHECKPOINT_RESTORE", false);
        for (String o : List.of("CONFIG_FHANDLE", "CONFIG_EVENTFD", "CONFIG_EPOLL", "CONFIG_UNIX_DIAG", "CONFIG_INET_DIAG",
                "CONFIG_PACKET_DIAG", "CONFIG_NETLINK_DIAG")) {
            r.line(o, o, false);
        }
        // Since 2.6.33 file capabilities are always there: the script says enabled without looking.
        if (k.major() == 2 && k.minor() < 33) r.line("File capabilities", "CONFIG_SECURITY_FILE_CAPABILITIES", false);
        else r.raw("File capabilities", "enabled", GREEN);
        out.println();
        out.println("Note : Before booting a new kernel, you can check its configuration");
        out.println("usage : CONFIG=/path/to/config " + inv.program());
        out.println();
        return 0;
    }

    /** "hybrid: cgroup2 at /sys/fs/cgroup/unified; v1: cpu,cpuacct memory ..." */
    static String layout(CgroupLayout l) {
        List<String> v1 = new ArrayList<>();
        String v2 = null;
        for (var h : l.hierarchies()) {
            if (h.unified()) v2 = h.mountPoint().toString();
            else v1.add(h.mountOptions());
        }
        String kind = v1.isEmpty() ? (v2 == null ? "none" : "cgroup v2 (unified)") : v2 == null ? "cgroup v1" : "hybrid";
        return kind + (v2 != null ? "; cgroup2 at " + v2 : "") + (v1.isEmpty() ? "" : "; v1 controllers: " + String.join(" ", v1));
    }

    /** Mount points of the filesystem type, from /proc/self/mounts (as the script reads them). */
    private static List<String> mounts(String type) throws java.io.IOException {
        List<String> points = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] f = line.split(" ");
            if (f.length > 2 && !f[0].contains("#") && f[2].equals(type)) points.add(f[1].replace("\\040", " "));
        }
        return points;
    }

    private static Path onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static boolean setuid(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            return (mode & 04000) != 0;
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The lines of the report, coloured as the script colours them. */
    private record Report(PrintStream out, KernelConfig k, boolean colour) {
        void line(String label, String option, boolean mandatory) {
            line(label, option, mandatory, "");
        }

        void line(String label, String option, boolean mandatory, String probe) {
            boolean set = k.isSet(option);
            word(label, set, mandatory);
            out.println(set ? probe : "");
        }

        void result(String label, boolean ok, boolean mandatory) {
            word(label, ok, mandatory);
            out.println();
        }

        private void word(String label, boolean ok, boolean mandatory) {
            out.print(label + ": ");
            if (ok) paint("enabled", GREEN);
            else if (mandatory) paint("required", RED);
            else paint("missing", YELLOW);
        }

        void raw(String label, String word, String colourCode) {
            out.print(label + ": ");
            paint(word, colourCode);
            out.println();
        }

        private void paint(String word, String code) {
            out.print(colour ? code + word + NORMAL : word);
        }
    }
}
