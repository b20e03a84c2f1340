package com.daaisuite.backup.core;

import com.daaisuite.backup.BackupException;

/**
 * The database could not be read or written (connection lost, command refused). A failed restore leaves the live database as it was.
 */
public class SourceException extends BackupException {
    private static final long serialVersionUID = 1L;

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
