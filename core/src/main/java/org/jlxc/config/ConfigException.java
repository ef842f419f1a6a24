package org.jlxc.config;

/**
 * A user mistake in a container configuration: the message names the line ({@code FILE:LINE})
 * and the key, so it can be shown as is.
 */
public final class ConfigException extends Exception {
    private final Origin origin;
    private final String key;

    public ConfigException(Origin origin, String key, String message) {
        super(origin + ": " + message);
        this.origin = origin;
        this.key = key;
    }

    /** A bad value for {@code key}: {@code FILE:LINE: KEY: invalid value "V": REASON}. */
    static ConfigException badValue(Origin origin, String key, String value, String reason) {
        return new ConfigException(origin, key, key + ": invalid value \"" + value + "\": " + reason);
    }

    public Origin origin() {
        return origin;
    }

    /** The key as written, or null when the line had none. */
    public String key() {
        return key;
    }
}
