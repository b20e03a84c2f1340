package com.daaisuite.backup.core;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

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
 * @param warning why this row must not be trusted as listed, when the listing alone shows it (an
 *     encrypted snapshot whose sealed manifest is missing) or a detail view found it (a sealed
 *     manifest that names another archive: a rename or a rollback); empty for a row with nothing
 *     to flag. {@code verify} checks the archive itself.
 */
public record Snapshot(String tenantId, String fileName, SnapshotLabel label, Instant createdAt, long sizeBytes,
        boolean encrypted, boolean pinned, Optional<String> warning) {

    /** Checks the warning is present or empty, never null. */
    public Snapshot {
        Objects.requireNonNull(warning, "warning");
    }

    /**
     * A row with nothing flagged.
     *
     * @param tenantId the tenant
     * @param fileName the archive's file name
     * @param label why it was taken
     * @param createdAt when it was taken
     * @param sizeBytes the archive's size
     * @param encrypted true for DBK1
     * @param pinned true if held
     */
    public Snapshot(String tenantId, String fileName, SnapshotLabel label, Instant createdAt, long sizeBytes,
            boolean encrypted, boolean pinned) {
        this(tenantId, fileName, label, createdAt, sizeBytes, encrypted, pinned, Optional.empty());
    }

    /** @return whether this row is flagged ({@link #warning()} says why) */
    public boolean flagged() {
        return warning.isPresent();
    }

    /**
     * @param why what is wrong with this row
     * @return this row, flagged
     */
    public Snapshot flaggedWith(String why) {
        return new Snapshot(tenantId, fileName, label, createdAt, sizeBytes, encrypted, pinned, Optional.of(why));
    }

    /**
     * @param zone the tenant's zone
     * @return the creation time in that zone, for display
     */
    public ZonedDateTime createdAtIn(ZoneId zone) {
        return createdAt.atZone(zone);
    }
}
