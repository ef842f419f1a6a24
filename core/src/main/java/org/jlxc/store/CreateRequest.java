package org.jlxc.store;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code lxc-create} was asked for.
 *
 * @param name         the container name
 * @param template     a built-in template name, or "none" for a config without rootfs
 * @param templateArgs arguments for the template (after {@code --})
 * @param configFile   {@code -f}: the initial config, replacing the default config; null when absent
 * @param rootfsDir    {@code --dir}: where the rootfs goes instead of {@code LXCPATH/NAME/rootfs}; null when absent
 */
public record CreateRequest(String name, String template, List<String> templateArgs, Path configFile, Path rootfsDir) {
    public CreateRequest {
        templateArgs = List.copyOf(templateArgs);
    }

    public static CreateRequest of(String name, String template, String... templateArgs) {
        return new CreateRequest(name, template, List.of(templateArgs), null, null);
    }
}
