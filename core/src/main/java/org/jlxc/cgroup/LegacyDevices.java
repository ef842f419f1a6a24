package org.jlxc.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The v1 devices controller: each rule written to the container's {@code devices.allow} or
 * {@code devices.deny}, in config order (the kernel applies each write to the list as it stands:
 * {@code a} resets it). As LXC's setup_limits_legacy, a write refused with EPERM/EACCES (a rule
 * wider than the parent's, in a nested container) is a warning, not a failure: it leaves the
 * container with less access, never more.
 */
public record LegacyDevices(Hierarchy hierarchy, Writer writer) implements DeviceController {

    /** Writes one value to one cgroup file (a seam for tests). */
    @FunctionalInterface
    public interface Writer {
        void write(Path file, String value) throws IOException;
    }

    static void write(Path file, String value) throws IOException {
        java.nio.file.Files.writeString(file, value);
    }

    @Override
    public void apply(ContainerCgroup cgroup, DeviceRules rules, Consumer<String> notes) throws CgroupException {
        List<DeviceRule> list = rules.forV1(notes);
        Path dir = cgroup.dirIn(hierarchy);
        for (DeviceRule rule : list) {
            Path file = dir.resolve(rule.v1File());
            try {
                writer.write(file, rule.v1Value());
            } catch (IOException e) {
                String why = e.getMessage();
                if (why != null && (why.contains("Operation not permitted") || why.contains("Permission denied")
                        || e instanceof java.nio.file.AccessDeniedException)) {
                    notes.accept("cannot write \"" + rule.v1Value() + "\" to " + file + " (" + rule.origin()
                            + "): not permitted, the container gets less access");
                    continue;
                }
                throw new CgroupException("cannot write \"" + rule.v1Value() + "\" to " + file + " ("
                        + rule.origin() + "): " + why, e);
            }
        }
    }
}
