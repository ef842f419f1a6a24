package org.jlxc.config;

/** A parsed value that records its own config line (the model fills it in after parsing). */
interface Located {
    Object withOrigin(Origin origin);
}
