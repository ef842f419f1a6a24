package org.jlxc.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jlxc.linux.Errno;

/** Reading and writing cgroup files, with the kernel's errno in the error text. */
public final class CgroupFiles {
    private CgroupFiles() {}

    /**
     * One write(2) of the value, without O_CREAT (a missing file is ENOENT, not a new one; O_TRUNC
     * is a no-op on cgroupfs, for fixture trees) and
     * without a newline, as LXC's lxc_write_openat: the kernel parses the whole value at once.
     */
    public static void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** "EINVAL (Invalid argument)" from what Java made of the errno. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) return Errno.describe(Errno.ENOENT);
        if (e instanceof AccessDeniedException) return Errno.describe(Errno.EACCES);
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (reason != null) {
            for (int errno = 1; errno < 134; errno++) {
                if (reason.equals(Errno.message(errno))) return Errno.describe(errno);
            }
        }
        return reason == null ? e.toString() : reason;
    }
}
