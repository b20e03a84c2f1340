package com.daaisuite.backup.crypto;

import com.daaisuite.backup.ConfigurationException;

/**
 * A configured key is malformed or weak: not 32 bytes, not base64 or hex, or all one byte value. The message says what a valid key looks like and how to generate one, and never echoes the key.
 */
public class MalformedKeyException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    public MalformedKeyException(String message) {
        super(message);
    }

    public MalformedKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
