package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * The tenant's subscription is suspended, so backups are not taken. Reactivate the tenant first.
 */
public class TenantSuspendedException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public TenantSuspendedException(String message) {
        super(message);
    }

    public TenantSuspendedException(String message, Throwable cause) {
        super(message, cause);
    }
}
