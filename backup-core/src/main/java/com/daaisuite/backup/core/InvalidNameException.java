package com.daaisuite.backup.core;

import com.daaisuite.backup.BackupException;

/**
 * A tenant id, file name or label is not acceptable: it has path separators, {@code ..}, control or non-ASCII look-alike characters, or is too long. Names are built only from validated parts so that no input can escape a tenant's folder.
 */
public class InvalidNameException extends BackupException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public InvalidNameException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public InvalidNameException(String message, Throwable cause) {
        super(message, cause);
    }
}
