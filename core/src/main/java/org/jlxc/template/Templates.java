package org.jlxc.template;

import java.util.List;
import java.util.Optional;

/** The templates built into jlxc, by name. */
public final class Templates {

    private final List<Template> all;

    public Templates(List<Template> all) {
        this.all = List.copyOf(all);
    }

    /** The built-in set: busybox and host. */
    public static Templates builtIn() {
        return new Templates(List.of(new BusyboxTemplate(), new HostTemplate()));
    }

    public Optional<Template> find(String name) {
        return all.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public List<Template> all() {
        return all;
    }
}
