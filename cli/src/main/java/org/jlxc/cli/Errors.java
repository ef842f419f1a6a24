package org.jlxc.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** One line saying what went wrong, for a user: no class names where a strerror-like text exists. */
public final class Errors {
    private Errors() {}

    public static String describe(Throwable t) {
        if (t instanceof FileSystemException f) {
            String reason = f.getReason() != null ? f.getReason() : switch (f) {
                case NoSuchFileException x -> "No such file or directory";
                case AccessDeniedException x -> "Permission denied";
                case FileAlreadyExistsException x -> "File exists";
                case DirectoryNotEmptyException x -> "Directory not empty";
                case NotDirectoryException x -> "Not a directory";
                default -> f.getClass().getSimpleName();
            };
            StringBuilder b = new StringBuilder();
            if (f.getFile() != null) b.append(f.getFile());
            if (f.getOtherFile() != null) b.append(" -> ").append(f.getOtherFile());
            return b.append(b.isEmpty() ? "" : ": ").append(reason).toString();
        }
        if (t instanceof java.io.UncheckedIOException u && u.getCause() != null
                && String.valueOf(u.getCause()).equals(u.getMessage())) {
            return describe(u.getCause()); // new UncheckedIOException(e): the message is e.toString()
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
