package com.daaisuite.backup.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one snapshot holds, from {@link SnapshotCatalog#contents}: the evidence a compliance reviewer
 * files ("this snapshot's invoices digest is X, and it is what the system held on 31 March") and what
 * support reads before choosing a restore point.
 *
 * @param snapshot the listing entry (file name, label, time, size, encrypted, pinned)
 * @param database the database that was dumped
 * @param note the operator's note (empty when none or when the snapshot has no manifest)
 * @param actor who took it, when the manifest says
 * @param origin how far its origin is proven: {@link Origin#VERIFIED}, {@link Origin#LEGACY_PLAINTEXT} or
 *     {@link Origin#NEEDS_OVERRIDE} (whether the host refuses plaintext altogether is the restore's decision)
 * @param collections every collection, view and time series, by name
 * @param digest the whole snapshot's digest: SHA-256 over its collections' names and contents digests
 * @param recorded true when the digests were read from the sealed manifest written at backup time,
 *     false when they were computed now by reading the whole archive (an older snapshot)
 */
public record SnapshotContents(Snapshot snapshot, String database, String note, Optional<String> actor, Origin origin,
        List<CollectionContents> collections, String digest, boolean recorded) {
    /** Validates that every component is present. */
    public SnapshotContents {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(digest, "digest");
        collections = List.copyOf(collections);
    }

    /** @return the snapshot's time */
    public Instant createdAt() {
        return snapshot.createdAt();
    }

    /**
     * @param name a collection's name
     * @return that collection, or empty
     */
    public Optional<CollectionContents> collection(String name) {
        return collections.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
