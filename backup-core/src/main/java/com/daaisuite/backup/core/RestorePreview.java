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
 * @param encrypted whether it is encrypted (lock) or legacy plaintext (open lock)
 * @param warning the sentence the dialog must show: the restore is destructive, the workspace is
 *     briefly unavailable, a pre-restore safety backup is taken first
 */
public record RestorePreview(String tenantId, String workspaceName, String databaseName, Snapshot snapshot,
        ZonedDateTime createdAtLocal, boolean encrypted, String warning) {}
