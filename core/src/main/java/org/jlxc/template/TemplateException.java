package org.jlxc.template;

/** A template could not do its work; the message is meant for the user as is. */
public class TemplateException extends Exception {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
