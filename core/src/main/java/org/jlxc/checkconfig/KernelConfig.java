package org.jlxc.checkconfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A kernel's build configuration (`CONFIG_X=y|m|...`), found where lxc-checkconfig looks:
 * $CONFIG, else /proc/config.gz, else the kernel headers' .config, else /boot/config-VERSION
 * (the last one found wins, as in the script). Gzip or plain text.
 */
public record KernelConfig(Path source, Map<String, String> values, int major, int minor) {

    /** Whether the option is built in or a module (lxc-checkconfig's `is_set`). */
    public boolean isSet(String option) {
        String v = values.get(option);
        return "y".equals(v) || "m".equals(v);
    }

    /** Where lxc-checkconfig would read the configuration from; null when nowhere. */
    public static Path locate(String configEnv, String kernelRelease) {
        Path config = Path.of(configEnv != null && !configEnv.isEmpty() ? configEnv : "/proc/config.gz");
        if (Files.isRegularFile(config)) return config;
        Path found = null;
        for (Path p : new Path[] {Path.of("/lib/modules", kernelRelease, "build/.config"),
                Path.of("/boot/config-" + kernelRelease)}) {
            if (Files.isRegularFile(p)) found = p;
        }
        return found;
    }

    public static KernelConfig read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
        }
        return parse(file, new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Parses the text. The version comes from the "# Linux/x86 6.1.0 Kernel Configuration"
     * header; without one it is taken to be the latest (100.0), as the script does.
     */
    public static KernelConfig parse(Path source, String text) {
        Map<String, String> values = new HashMap<>();
        int major = 100, minor = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("# Linux") && line.contains("Kernel Configuration")) {
                var m = java.util.regex.Pattern.compile(" (\\d+)\\.(\\d+)(\\.\\d+)?").matcher(line);
                if (m.find()) {
                    major = Integer.parseInt(m.group(1));
                    minor = Integer.parseInt(m.group(2));
                }
            } else if (line.startsWith("CONFIG_")) {
                int eq = line.indexOf('=');
                if (eq > 0) values.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return new KernelConfig(source, Map.copyOf(values), major, minor);
    }
}
