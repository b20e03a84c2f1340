package com.daaisuite.backup.core;

import com.daaisuite.backup.BackupException;

/**
 * The database could not be read or written (connection lost, command refused). A failed restore leaves the live database as it was.
 */
public class SourceException extends BackupException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public SourceException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
