package com.daaisuite.backup.core;

import com.daaisuite.backup.BackupException;

/**
 * The tenant directory does not know the tenant id. Check the id, or that the host's {@link com.daaisuite.backup.core.spi.TenantDirectory} serves it.
 */
public class UnknownTenantException extends BackupException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public UnknownTenantException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public UnknownTenantException(String message, Throwable cause) {
        super(message, cause);
    }
}
