package org.jlxc.plan;

/**
 * An op in a plan, with what asked for it.
 *
 * @param optional a failure is reported as a warning and the plan goes on (`optional` mount entries)
 * @param cause    what asked for the op, for error messages: "lxc.mount.entry (/var/lib/lxc/c1/config:12)"
 */
public record Step(Op op, boolean optional, String cause) {}
