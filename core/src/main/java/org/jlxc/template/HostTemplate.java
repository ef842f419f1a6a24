package org.jlxc.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * A container made of the host's own programs: an almost empty rootfs with the FHS mount points,
 * the host's {@code /usr} (and {@code /bin}, {@code /lib}... when they are real directories)
 * bind-mounted read-only, and a shell as init. Needs nothing installed beyond the host itself,
 * so it works on any machine; {@code /etc} is the container's own, minimal one.
 */
public final class HostTemplate implements Template {

    /** Top-level system directories: on merged-/usr hosts symlinks into usr, otherwise directories. */
    private static final String[] SYSTEM_DIRS = {"bin", "sbin", "lib", "lib64", "lib32", "libx32"};

    /** Host files under /etc that programs from /usr expect, bound read-only when present. */
    private static final String[] ETC_BINDS = {"etc/ld.so.cache", "etc/alternatives"};

    private final Path host;

    public HostTemplate() {
        this(Path.of("/"));
    }

    /** @param host where the host's tree is seen (tests use a fake one) */
    HostTemplate(Path host) {
        this.host = host;
    }

    @Override
    public String name() {
        return "host";
    }

    @Override
    public String summary() {
        return "a shell in a rootfs made of the host's /usr, bound read-only (nothing to install)";
    }

    @Override
    public String help() {
        return """
                host template: a container running the host's own programs.

                The host's /usr (and /bin, /sbin, /lib... when they are not symlinks into /usr) are
                bind-mounted read-only; /etc is the container's own. Init is /bin/sh.

                Template arguments:
                  --init-cmd=CMD   the container's init command (default: /bin/sh)
                """;
    }

    @Override
    public void create(TemplateContext ctx) throws TemplateException {
        TemplateOptions options = TemplateOptions.parse(name(), ctx.args(), Set.of("init-cmd"));
        String init = options.get("init-cmd") == null ? "/bin/sh" : options.get("init-cmd");
        RootfsBuilder fs = new RootfsBuilder(ctx.rootfs());
        ConfigAppender c = ctx.config();

        ctx.progress().accept("Creating the directory tree");
        fs.dirs(0755, "dev", "proc", "sys", "etc", "home", "mnt", "opt", "srv", "run", "usr", "var/log", "var/lib");
        fs.dirs(0700, "root");
        fs.dirs(01777, "tmp", "var/tmp");

        c.set("lxc.uts.name", ctx.name());
        c.set("lxc.autodev", "1");
        c.set("lxc.mount.auto", "proc:mixed sys:ro cgroup:mixed");
        c.set("lxc.cap.drop", "sys_module mac_admin mac_override sys_time");
        c.set("lxc.init.cmd", init);
        c.line("# A shell as init ignores SIGPWR (the default halt signal); stop it without the 60 s wait.");
        c.set("lxc.signal.halt", "SIGKILL");

        ctx.progress().accept("Binding the host's system directories read-only");
        c.set("lxc.mount.entry", "/usr usr none ro,bind 0 0");
        for (String dir : SYSTEM_DIRS) {
            Path hostDir = host.resolve(dir);
            if (Files.isSymbolicLink(hostDir)) {
                // Same symlink as the host (bin -> usr/bin): it resolves inside the container too.
                fs.symlink(dir, readLink(hostDir));
            } else if (Files.isDirectory(hostDir, LinkOption.NOFOLLOW_LINKS)) {
                fs.dirs(0755, dir);
                c.set("lxc.mount.entry", "/" + dir + " " + dir + " none ro,bind 0 0");
            }
        }
        for (String path : ETC_BINDS) {
            Path hostPath = host.resolve(path);
            if (Files.isDirectory(hostPath)) {
                fs.dirs(0755, path);
                c.set("lxc.mount.entry", "/" + path + " " + path + " none ro,bind,optional 0 0");
            } else if (Files.isRegularFile(hostPath)) {
                fs.file(path, "", 0644);
                c.set("lxc.mount.entry", "/" + path + " " + path + " none ro,bind,optional 0 0");
            }
        }

        ctx.progress().accept("Writing /etc files");
        fs.file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 0644);
        fs.file("etc/group", "root:x:0:\n", 0644);
        fs.file("etc/shadow", "", 0640);
        fs.file("etc/hostname", ctx.name() + "\n", 0644);
        fs.file("etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t" + ctx.name()
                + "\n::1\tlocalhost ip6-localhost ip6-loopback\n", 0644);
        fs.file("etc/fstab", "", 0644);
    }

    private static String readLink(Path link) throws TemplateException {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new TemplateException("Failed to read symlink " + link + ": " + RootfsBuilder.reason(e), e);
        }
    }
}
