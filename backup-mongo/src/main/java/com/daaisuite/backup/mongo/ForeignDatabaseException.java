package com.daaisuite.backup.mongo;

import com.daaisuite.backup.RefusedException;

/**
 * A restore was refused before anything was changed because the payload holds namespaces of another
 * database than the target, and the {@link com.daaisuite.backup.core.spi.RestoreTarget} did not name
 * that database as the source. Restoring one tenant's dump into another tenant's database must be a
 * deliberate act: use {@link com.daaisuite.backup.core.spi.RestoreTarget#mapping(String, String)}.
 */
public class ForeignDatabaseException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused and how to restore on purpose */
    public ForeignDatabaseException(String message) {
        super(message);
    }
}
