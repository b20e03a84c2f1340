package com.daaisuite.backup.core;

/** The two permissions the host's {@link com.daaisuite.backup.core.spi.AccessPolicy} decides on. */
public enum Permission {
    /** Take a backup (Backup Now). */
    CREATE,
    /** Restore a snapshot over the live database. Deliberately separate from {@link #CREATE}. */
    RESTORE
}
