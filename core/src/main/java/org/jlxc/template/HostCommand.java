package org.jlxc.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a host program to ask it something (busybox's applet list, its udhcpc default script). */
final class HostCommand {

    private HostCommand() {
    }

    /** The output (stdout and stderr together) and exit status of a finished command. */
    record Result(int status, String output) {
    }

    static Result run(List<String> command) throws TemplateException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException e) {
            throw new TemplateException("Failed to run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemplateException("Interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Like the shell's {@code command -v NAME}: the first executable NAME in the search path. */
    static Path which(String name, String searchPath) {
        List<String> dirs = new ArrayList<>(List.of(searchPath.split(":")));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
