package com.daaisuite.backup.core;

import com.daaisuite.backup.IntegrityException;

/**
 * A sealed manifest does not authenticate, or describes another archive (another name, size or
 * DBK1 header): it was edited, truncated, replaced or moved beside another archive, or the archive
 * beside it was. Neither is trusted; nothing was restored.
 */
public class ManifestMismatchException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public ManifestMismatchException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public ManifestMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
