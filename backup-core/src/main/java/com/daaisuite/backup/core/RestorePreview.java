package com.daaisuite.backup.core;

import java.time.ZonedDateTime;

/**
 * What the restore confirmation dialog shows.
 *
 * @param tenantId the tenant
 * @param workspaceName the name the admin must type exactly to confirm
 * @param databaseName the database that will be replaced
 * @param snapshot the snapshot to restore
 * @param createdAtLocal its creation time in the tenant's zone
 * @param encrypted whether it is encrypted or legacy plaintext (shown with an open padlock icon)
 * @param warning the sentence the dialog must show: the restore is destructive, the workspace is
 *     briefly unavailable, a pre-restore safety backup is taken first
 * @param origin how far the snapshot's origin can be proven; anything but {@link Origin#VERIFIED}
 *     is shown with the open padlock icon
 * @param originNote the sentence the dialog shows about the origin, for example that "its origin
 *     cannot be verified", and what the restore will do about it
 * @param onlyCollections present when its manifest says the snapshot holds only these collections (the
 *     safety backup of a restore of part of the database): it can be restored collection by collection,
 *     not as the whole database (the restore refuses that from the archive itself, see
 *     {@link PartialSnapshotException})
 */
public record RestorePreview(String tenantId, String workspaceName, String databaseName, Snapshot snapshot,
        ZonedDateTime createdAtLocal, boolean encrypted, String warning, Origin origin, String originNote,
        java.util.Optional<java.util.List<String>> onlyCollections) {

    /** A preview of a whole-database snapshot: the components of {@link RestorePreview} but the last. */
    public RestorePreview(String tenantId, String workspaceName, String databaseName, Snapshot snapshot,
            ZonedDateTime createdAtLocal, boolean encrypted, String warning, Origin origin, String originNote) {
        this(tenantId, workspaceName, databaseName, snapshot, createdAtLocal, encrypted, warning, origin, originNote,
                java.util.Optional.empty());
    }
}
