package com.daaisuite.backup.core;

import com.daaisuite.backup.IntegrityException;

/**
 * A snapshot's payload (the database dump inside the archive) is malformed: a bad length, a CRC mismatch, a missing or unexpected namespace, truncation. The message says where. Nothing from it reaches the live database.
 */
public class PayloadCorruptException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public PayloadCorruptException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public PayloadCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
