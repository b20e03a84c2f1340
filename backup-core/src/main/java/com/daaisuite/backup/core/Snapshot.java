package com.daaisuite.backup.core;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * One snapshot in a tenant's {@code db-backups} folder, as the catalog lists it: everything here
 * comes from the file name and the storage listing, never from reading the archive.
 *
 * @param tenantId the tenant
 * @param fileName the archive's file name, such as {@code manual_20261126T013000Z.gz.enc}
 * @param label why it was taken (the "Frequency" column)
 * @param createdAt when it was taken (from the name: UTC, second precision)
 * @param sizeBytes the archive's size
 * @param encrypted true for DBK1 {@code .gz.enc}; false for legacy plaintext {@code .gz}
 * @param pinned true if held (legal hold): never pruned
 */
public record Snapshot(String tenantId, String fileName, SnapshotLabel label, Instant createdAt, long sizeBytes,
        boolean encrypted, boolean pinned) {

    /**
     * @param zone the tenant's zone
     * @return the creation time in that zone, for display
     */
    public ZonedDateTime createdAtIn(ZoneId zone) {
        return createdAt.atZone(zone);
    }
}
