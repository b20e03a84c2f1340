package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * A backup would exceed the tenant's file-storage quota. Nothing was left in storage. Free space, prune old snapshots or raise the quota.
 */
public class QuotaExceededException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public QuotaExceededException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public QuotaExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
