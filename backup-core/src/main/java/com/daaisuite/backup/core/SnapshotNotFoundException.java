package com.daaisuite.backup.core;

import com.daaisuite.backup.BackupException;

/**
 * The named snapshot does not exist in the tenant's {@code db-backups} folder. List the snapshots to see the file names that do.
 */
public class SnapshotNotFoundException extends BackupException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public SnapshotNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public SnapshotNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
