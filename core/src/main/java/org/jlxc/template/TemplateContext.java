package org.jlxc.template;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a template gets, the same things LXC passes to a template script
 * ({@code --name}, {@code --path}, {@code --rootfs}, the user's arguments).
 *
 * @param name         the container name
 * @param containerDir {@code LXCPATH/NAME}
 * @param rootfs       the directory to fill
 * @param args         the arguments after {@code --} on the lxc-create command line
 * @param progress     one line per step, for the user
 * @param config       where the template's config lines go
 */
public record TemplateContext(String name, Path containerDir, Path rootfs, List<String> args,
                              Consumer<String> progress, ConfigAppender config) {
    public TemplateContext {
        args = List.copyOf(args);
    }
}
