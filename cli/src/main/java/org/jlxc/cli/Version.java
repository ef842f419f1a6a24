package org.jlxc.cli;

/** jlxc's version: the jar manifest's Implementation-Version when the build sets one. */
public final class Version {
    /** Used when the manifest has no Implementation-Version (and in tests, from classes). */
    static final String FALLBACK = "0.1.0";

    private Version() {}

    public static String get() {
        // The class loader reads the manifest when it defines the package: no extra I/O here.
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? FALLBACK : v;
    }
}
