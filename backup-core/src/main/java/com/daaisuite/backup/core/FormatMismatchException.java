package com.daaisuite.backup.core;

import com.daaisuite.backup.IntegrityException;

/**
 * A snapshot's content disagrees with its name: a {@code .gz.enc} that is not DBK1 (someone with
 * write access to the storage replaced an encrypted archive with plaintext, a downgrade), or a
 * {@code .gz} that is DBK1. Nothing from it was restored or trusted.
 */
public class FormatMismatchException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public FormatMismatchException(String message) {
        super(message);
    }
}
