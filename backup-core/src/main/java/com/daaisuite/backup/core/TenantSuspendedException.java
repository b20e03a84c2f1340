package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * The tenant's subscription is suspended, so backups are not taken. Reactivate the tenant first.
 */
public class TenantSuspendedException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public TenantSuspendedException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public TenantSuspendedException(String message, Throwable cause) {
        super(message, cause);
    }
}
