package com.daaisuite.backup.core;

import java.util.List;
import java.util.Objects;

/**
 * What a collections restore would do, computed before anything is written: each chosen collection of the
 * snapshot compared with the live one by {@code _id}, BSON-exact (the compare engine of
 * {@link SnapshotCatalog#compareWithLive}). It is also what a dry run reports. Nothing was written and no
 * safety backup was taken to compute it.
 *
 * <p>Seen from the restore: in each {@link CollectionComparison} A is the snapshot and B the live data, so
 * {@link CollectionComparison#onlyInA()} documents would be brought back, {@link CollectionComparison#changed()}
 * would be replaced by the snapshot's version, and {@link CollectionComparison#onlyInB()} would be lost.
 *
 * @param tenantId the tenant
 * @param workspaceName the name the confirmation must type
 * @param databaseName the live database written into
 * @param snapshot the snapshot the collections come from
 * @param collections one comparison per chosen collection, in name order
 * @param maintenanceGate whether the restore enters the host's maintenance gate for its swap
 */
public record CollectionRestorePreview(String tenantId, String workspaceName, String databaseName, Snapshot snapshot,
        List<CollectionComparison> collections, boolean maintenanceGate) {
    public CollectionRestorePreview {
        Objects.requireNonNull(snapshot, "snapshot");
        collections = List.copyOf(collections);
    }

    /** @return documents that would be brought back, over all chosen collections */
    public long toInsert() {
        return collections.stream().mapToLong(CollectionComparison::onlyInA).sum();
    }

    /** @return documents that would be replaced by the snapshot's version, over all chosen collections */
    public long toReplace() {
        return collections.stream().mapToLong(CollectionComparison::changed).sum();
    }

    /** @return live documents that would be lost (not in the snapshot), over all chosen collections */
    public long toLose() {
        return collections.stream().mapToLong(CollectionComparison::onlyInB).sum();
    }
}
