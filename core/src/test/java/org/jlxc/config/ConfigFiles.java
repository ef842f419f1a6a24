package org.jlxc.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: writes config text to a file and loads it, collecting warnings. */
final class ConfigFiles {
    final Path dir;
    final List<String> warnings = new ArrayList<>();

    ConfigFiles(Path dir) {
        this.dir = dir;
    }

    Path write(String name, String... lines) {
        Path p = dir.resolve(name);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    ContainerConfig load(String... lines) throws ConfigException {
        return ContainerConfig.load(write("config", lines), warnings::add);
    }
}
