package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * Another backup, prune or restore of the tenant holds its lock. Wait for it to finish and try again.
 */
public class BackupInProgressException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public BackupInProgressException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public BackupInProgressException(String message, Throwable cause) {
        super(message, cause);
    }
}
