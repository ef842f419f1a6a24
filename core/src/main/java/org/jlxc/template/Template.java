package org.jlxc.template;

/**
 * A container template built into jlxc: fills a fresh rootfs and adds the config lines the
 * result needs, like LXC's {@code /usr/share/lxc/templates/lxc-NAME} scripts do.
 */
public interface Template {
    /** The name given to {@code lxc-create -t}: "busybox". */
    String name();

    /** One line for listings and help. */
    String summary();

    /** Template arguments help (what {@code lxc-create -t NAME -- --help} prints). */
    String help();

    /** Fills {@code ctx.rootfs()}, which exists and is empty (or given by the user). */
    void create(TemplateContext ctx) throws TemplateException;
}
