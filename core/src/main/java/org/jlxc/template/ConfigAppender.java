package org.jlxc.template;

/** Where a template adds lines to the new container's config, after lxc-create's own lines. */
@FunctionalInterface
public interface ConfigAppender {
    /** Appends a raw line (a comment, an empty line, or "key = value"). */
    void line(String line);

    /** Appends "key = value". */
    default void set(String key, String value) {
        line(key + " = " + value);
    }
}
