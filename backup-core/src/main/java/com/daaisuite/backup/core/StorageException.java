package com.daaisuite.backup.core;

import com.daaisuite.backup.BackupException;

/**
 * Storage failed: a read, write, listing or delete could not be completed (missing bucket, denied access, disk full, network). The message names the object and what to check. A failed upload never leaves a visible archive.
 */
public class StorageException extends BackupException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public StorageException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
