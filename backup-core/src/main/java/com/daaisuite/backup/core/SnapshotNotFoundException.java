package com.daaisuite.backup.core;

import com.daaisuite.backup.BackupException;

/**
 * The named snapshot does not exist in the tenant's {@code db-backups} folder. List the snapshots to see the file names that do.
 */
public class SnapshotNotFoundException extends BackupException {
    private static final long serialVersionUID = 1L;

    public SnapshotNotFoundException(String message) {
        super(message);
    }

    public SnapshotNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
