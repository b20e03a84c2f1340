package com.daaisuite.backup.core;

import com.daaisuite.backup.IntegrityException;

/**
 * A snapshot's payload (the database dump inside the archive) is malformed: a bad length, a CRC mismatch, a missing or unexpected namespace, truncation. The message says where. Nothing from it reaches the live database.
 */
public class PayloadCorruptException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    public PayloadCorruptException(String message) {
        super(message);
    }

    public PayloadCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
