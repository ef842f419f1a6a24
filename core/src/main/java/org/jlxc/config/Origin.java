package org.jlxc.config;

import java.nio.file.Path;

/**
 * Where a configuration line came from, so that any later failure can name it.
 * File lines print as {@code FILE:LINE}; lines that did not come from a file (a {@code -s} define,
 * the API's set_config_item) carry a label instead and have no file.
 */
public record Origin(Path file, int line, String label) {

    public Origin(Path file, int line) {
        this(file, line, null);
    }

    /** A {@code -s KEY=VAL} define on a tool's command line. */
    public static Origin commandLine() {
        return new Origin(null, 0, "command line (-s)");
    }

    /** A value set through the API (set_config_item). */
    public static Origin api() {
        return new Origin(null, 0, "set_config_item");
    }

    /** Any other source without a file, e.g. {@code "lxc-update-config"}. */
    public static Origin of(String label) {
        return new Origin(null, 0, label);
    }

    @Override
    public String toString() {
        return file == null ? label : file + ":" + line;
    }
}
