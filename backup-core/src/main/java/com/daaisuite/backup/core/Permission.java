package com.daaisuite.backup.core;

/**
 * What an actor may do to a tenant's backups; the host's {@link com.daaisuite.backup.core.spi.AccessPolicy}
 * decides, for every call, whether an actor holds one. The host maps its own roles onto these (for
 * example an admin role to all of them, a support role to {@link #VIEW} and {@link #CREATE}).
 * Every public operation that reads or changes a tenant's backups names the one it needs.
 */
public enum Permission {
    /** See a tenant's backups: list, find, inspect, verify, status, next due time, a dry-run prune. */
    VIEW,
    /** Take a backup (Backup Now, or a synchronous backup on the host's thread). */
    CREATE,
    /** Restore a snapshot over the live database. Deliberately separate from {@link #CREATE}. */
    RESTORE,
    /** Change how long snapshots are kept: pin and unpin (legal hold). */
    RETENTION,
    /** Destroy snapshots by hand: prune now, delete one snapshot. */
    DELETE,
    /** Handle key material: re-encrypt archives under the current key, convert legacy plaintext archives. */
    KEYS
}
