package com.daaisuite.backup.core;

import com.daaisuite.backup.IntegrityException;

/**
 * A snapshot manifest is not valid: not JSON, a field missing or of the wrong type, values that
 * contradict each other, or a schema version newer than this library reads. The archive itself is
 * not affected (it is the truth); the manifest is treated as absent.
 */
public class ManifestInvalidException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong */
    public ManifestInvalidException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public ManifestInvalidException(String message, Throwable cause) {
        super(message, cause);
    }
}
