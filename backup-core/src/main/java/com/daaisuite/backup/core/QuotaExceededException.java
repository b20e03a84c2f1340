package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * A backup would exceed the tenant's file-storage quota. Nothing was left in storage. Free space, prune old snapshots or raise the quota.
 */
public class QuotaExceededException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public QuotaExceededException(String message) {
        super(message);
    }

    public QuotaExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
