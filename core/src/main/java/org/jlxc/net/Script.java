package org.jlxc.net;

import org.jlxc.config.Origin;

/** A {@code lxc.net.N.script.up} or {@code script.down} command, as written, with its config line. */
public record Script(String command, Origin origin) {
}
