package com.daaisuite.backup.core;

import com.daaisuite.backup.IntegrityException;

/**
 * A plaintext snapshot whose origin cannot be verified was refused by the origin rules
 * ({@link Origin#NEEDS_OVERRIDE} without {@link RestoreRequest#acceptingUnverifiedOrigin()}, or
 * {@link Origin#REFUSED}). Nothing was restored or changed.
 */
public class UnverifiedOriginException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public UnverifiedOriginException(String message) {
        super(message);
    }
}
