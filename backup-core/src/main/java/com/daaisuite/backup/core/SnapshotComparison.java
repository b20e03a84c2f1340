package com.daaisuite.backup.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What differs between two snapshots of one tenant, or a snapshot and the live database, from
 * {@link SnapshotCatalog#compare} or {@link SnapshotCatalog#compareWithLive}.
 *
 * @param tenantId the tenant
 * @param a the first snapshot's file name
 * @param b the second snapshot's file name, or {@value #LIVE} for the live database
 * @param collections every collection in A or B, by name
 */
public record SnapshotComparison(String tenantId, String a, String b, List<CollectionComparison> collections) {
    /** What {@link #b()} says when B is the live database. */
    public static final String LIVE = "live";

    /** Validates that every component is present. */
    public SnapshotComparison {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        collections = List.copyOf(collections);
    }

    /** @return true when every collection is {@link CollectionComparison.Status#SAME} */
    public boolean same() {
        return collections.stream().allMatch(c -> c.status() == CollectionComparison.Status.SAME);
    }

    /**
     * @param name a collection's name
     * @return that collection's comparison, or empty
     */
    public Optional<CollectionComparison> collection(String name) {
        return collections.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
