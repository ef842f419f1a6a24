package org.jlxc.cli.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jlxc.cli.Invocation;
import org.jlxc.cli.Option;
import org.jlxc.cli.Tool;
import org.jlxc.cli.Tools;
import org.jlxc.cli.UsageException;

/**
 * {@code jlxc install --prefix DIR}: copies the running jlxc tree ({@code jlxc.home}) to
 * {@code DIR/lib/jlxc}, links {@code DIR/bin/jlxc} and one {@code DIR/bin/lxc-TOOL} per tool,
 * then retrains the AOT cache, which is only valid for the paths it was trained with.
 * Running it again over an existing installation replaces it.
 */
public final class InstallTool implements Tool {
    static final String DEFAULT_PREFIX = "/usr/local";
    /** Trained for the source tree's paths: useless (and warned about by the JVM) elsewhere. */
    private static final Path AOT_CACHE = Path.of("lib", "jlxc.aot");

    private final Path home;

    /** Installs the tree this JVM runs from (the launcher's -Djlxc.home). */
    public InstallTool() {
        this(null);
    }

    /** Installs {@code home}, for tests; null means the jlxc.home property. */
    public InstallTool(Path home) {
        this.home = home;
    }

    @Override public String name() { return "install"; }

    @Override public String summary() { return "install jlxc and its lxc-* commands under a prefix"; }

    @Override
    public String description() {
        return """
                jlxc install [--prefix=DIR]

                Copies this jlxc to DIR/lib/jlxc, links DIR/bin/jlxc and DIR/bin/lxc-TOOL for
                every tool to it, and trains its AOT cache for the new place. Run it again to
                update an installation. DIR defaults to /usr/local.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(Option.withArg((char) 0, "prefix", "DIR", "Install under DIR (default /usr/local)"));
    }

    @Override public boolean needsName() { return false; }

    @Override
    public int run(Invocation inv) throws Exception {
        if (!inv.arguments().isEmpty()) throw new UsageException("unexpected argument '" + inv.arguments().getFirst() + "'");
        Path source = source();
        String prefixText = inv.value("prefix") != null ? inv.value("prefix") : DEFAULT_PREFIX;
        if (prefixText.isEmpty()) throw new UsageException("--prefix needs a directory");
        Path prefix = Path.of(prefixText).toAbsolutePath().normalize();
        Path target = prefix.resolve("lib/jlxc");
        Path bin = prefix.resolve("bin");

        Map<Path, Path> links = new LinkedHashMap<>();
        links.put(bin.resolve("jlxc"), Path.of("../lib/jlxc/bin/jlxc"));
        for (String tool : Tools.names()) {
            if (!tool.equals(name())) links.put(bin.resolve("lxc-" + tool), Path.of("jlxc"));
        }
        checkBeforeChanging(source, target, links.keySet());

        copyTree(source, target, inv);
        Files.createDirectories(bin);
        for (var link : links.entrySet()) replaceLink(link.getKey(), link.getValue());
        inv.out().println("linked " + bin.resolve("jlxc") + " -> " + links.get(bin.resolve("jlxc")));
        List<String> commands = new ArrayList<>();
        for (Path p : links.keySet()) if (!p.getFileName().toString().equals("jlxc")) commands.add(p.getFileName().toString());
        inv.out().println("linked " + bin + "/{" + String.join(",", commands) + "} -> jlxc");
        removeStaleLinks(bin, links.keySet(), inv);
        trainAot(target, inv);
        inv.out().println("installed jlxc in " + prefix);
        return 0;
    }

    private Path source() throws UsageException, IOException {
        Path h = home;
        if (h == null) {
            String prop = System.getProperty("jlxc.home");
            if (prop == null || prop.isEmpty()) {
                throw new UsageException("jlxc.home is not set: run install through the jlxc launcher (bin/jlxc)");
            }
            h = Path.of(prop);
        }
        if (!Files.isRegularFile(h.resolve("bin/jlxc"))) {
            throw new UsageException(h + " is not a jlxc tree (it has no bin/jlxc)");
        }
        return h.toRealPath();
    }

    /** Fails before touching anything: no half-done installation for a foreseeable refusal. */
    private static void checkBeforeChanging(Path source, Path target, Iterable<Path> links)
            throws UsageException, IOException {
        Path realTarget = Files.exists(target) ? target.toRealPath() : target;
        if (!realTarget.equals(source) && (realTarget.startsWith(source) || source.startsWith(realTarget))) {
            throw new UsageException("cannot install into " + target + ": it overlaps " + source);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !realTarget.equals(source)
                && !Files.isRegularFile(target.resolve("bin/jlxc")) && !isEmptyDirectory(target)) {
            throw new UsageException("refusing to replace " + target + ": it is not a jlxc installation");
        }
        for (Path link : links) {
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
                // e.g. LXC's own lxc-start in the same bin directory
                throw new UsageException("refusing to replace " + link + ": it is not a symbolic link");
            }
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void copyTree(Path source, Path target, Invocation inv) throws IOException {
        if (Files.exists(target) && target.toRealPath().equals(source)) {
            inv.out().println("kept " + target + ": it is the tree being run");
            return;
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) deleteTree(target);
        Files.createDirectories(target.getParent());
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path to = target.resolve(source.relativize(dir).toString());
                Files.createDirectory(to);
                Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path rel = source.relativize(file);
                if (rel.equals(AOT_CACHE)) return FileVisitResult.CONTINUE;
                Path to = target.resolve(rel.toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                } else {
                    // Mode bits but not the owner: root must not run files its builder can change.
                    Files.copy(file, to);
                    Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        inv.out().println("copied " + source + " to " + target);
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Points {@code link} at {@code target}, replacing an older link in one rename. */
    private static void replaceLink(Path link, Path target) throws IOException {
        Path tmp = link.resolveSibling("." + link.getFileName() + ".jlxc-new");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, target);
        Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** lxc-* links to jlxc left by an earlier installation whose tool no longer exists. */
    private static void removeStaleLinks(Path bin, java.util.Set<Path> current, Invocation inv) throws IOException {
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> s = Files.list(bin)) {
            s.filter(p -> p.getFileName().toString().startsWith("lxc-") && !current.contains(p))
             .filter(Files::isSymbolicLink)
             .forEach(stale::add);
        }
        for (Path p : stale) {
            if (Files.readSymbolicLink(p).equals(Path.of("jlxc"))) {
                Files.delete(p);
                inv.out().println("removed " + p + ": no such tool any more");
            }
        }
    }

    private static void trainAot(Path target, Invocation inv) throws IOException, InterruptedException {
        Path script = target.resolve("libexec/train-aot");
        if (!Files.isRegularFile(script)) {
            inv.out().println("no AOT cache: " + script + " is missing");
            return;
        }
        inv.out().println("training the AOT cache: " + script + " " + target);
        Process p = new ProcessBuilder(script.toString(), target.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try (InputStream output = p.getInputStream()) {
            output.transferTo(inv.err());
        }
        int code = p.waitFor();
        if (code != 0) throw new IOException(script + " failed with exit code " + code);
    }
}
