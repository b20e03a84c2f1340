package com.daaisuite.backup.core;

import com.daaisuite.backup.BackupException;

/**
 * The tenant directory does not know the tenant id. Check the id, or that the host's {@link com.daaisuite.backup.core.spi.TenantDirectory} serves it.
 */
public class UnknownTenantException extends BackupException {
    private static final long serialVersionUID = 1L;

    public UnknownTenantException(String message) {
        super(message);
    }

    public UnknownTenantException(String message, Throwable cause) {
        super(message, cause);
    }
}
