package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * Another backup, prune or restore of the tenant holds its lock. Wait for it to finish and try again.
 */
public class BackupInProgressException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public BackupInProgressException(String message) {
        super(message);
    }

    public BackupInProgressException(String message, Throwable cause) {
        super(message, cause);
    }
}
