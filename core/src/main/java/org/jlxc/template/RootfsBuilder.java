package org.jlxc.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files into a rootfs with exact modes. Modes are set explicitly after creation, so the
 * tree does not depend on the caller's umask; paths are relative to the rootfs and may not
 * leave it.
 */
final class RootfsBuilder {

    private final Path rootfs;

    RootfsBuilder(Path rootfs) {
        this.rootfs = rootfs;
    }

    Path resolve(String relative) throws TemplateException {
        Path p = rootfs.resolve(relative).normalize();
        if (Path.of(relative).isAbsolute() || !p.startsWith(rootfs.normalize())) {
            throw new TemplateException("path " + relative + " is outside the rootfs");
        }
        return p;
    }

    /** Like {@code mkdir -p} then {@code chmod MODE} of each given directory (not of the parents it made). */
    void dirs(int mode, String... relatives) throws TemplateException {
        for (String relative : relatives) {
            Path p = resolve(relative);
            try {
                makeParents(p);
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(p);
                }
                chmod(p, mode);
            } catch (IOException e) {
                throw failed("create directory", p, e);
            }
        }
    }

    void file(String relative, String content, int mode) throws TemplateException {
        Path p = resolve(relative);
        try {
            makeParents(p);
            Files.writeString(p, content, StandardCharsets.UTF_8);
            chmod(p, mode);
        } catch (IOException e) {
            throw failed("write", p, e);
        }
    }

    void copy(Path source, String relative, int mode) throws TemplateException {
        Path p = resolve(relative);
        try {
            makeParents(p);
            Files.copy(source, p, StandardCopyOption.REPLACE_EXISTING);
            chmod(p, mode);
        } catch (IOException e) {
            throw new TemplateException("Failed to copy " + source + " to " + p + ": " + reason(e), e);
        }
    }

    void symlink(String relative, String target) throws TemplateException {
        Path p = resolve(relative);
        try {
            Files.createSymbolicLink(p, Path.of(target));
        } catch (IOException e) {
            throw failed("create symlink", p, e);
        }
    }

    void hardlink(String relative, String existingRelative) throws TemplateException {
        Path p = resolve(relative);
        try {
            Files.createLink(p, resolve(existingRelative));
        } catch (IOException e) {
            throw failed("create hard link", p, e);
        }
    }

    void chmod(String relative, int mode) throws TemplateException {
        Path p = resolve(relative);
        try {
            chmod(p, mode);
        } catch (IOException e) {
            throw failed("change mode of", p, e);
        }
    }

    /** Sets all twelve mode bits, setuid/setgid/sticky included (PosixFilePermission has only nine). */
    private static void chmod(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode);
    }

    /** Missing parents are made 0755, as {@code mkdir -p} does under the usual umask. */
    private void makeParents(Path p) throws IOException {
        Path parent = p.getParent();
        if (parent == null || Files.isDirectory(parent) || !parent.startsWith(rootfs)) {
            return;
        }
        makeParents(parent);
        Files.createDirectory(parent);
        chmod(parent, 0755);
    }

    private static TemplateException failed(String what, Path p, IOException e) {
        return new TemplateException("Failed to " + what + " " + p + ": " + reason(e), e);
    }

    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
