package com.daaisuite.backup;

/**
 * The library was configured wrongly: a builder field is missing or invalid, a URI names a scheme
 * no module on the class path serves (the message names the module to add), two plugins claim one
 * scheme, or a key is malformed or weak. The message names the field or setting to fix.
 */
public class ConfigurationException extends BackupException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
