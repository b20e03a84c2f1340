package com.daaisuite.backup.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One snapshot's answer in {@link SnapshotCatalog#findDocument}: whether it holds the document, and
 * whether that differs from the next older snapshot — "when was this invoice last right?".
 *
 * @param fileName the snapshot's file name
 * @param createdAt the snapshot's time
 * @param present whether the snapshot holds a document with that identity in that collection
 * @param digest the document's SHA-256 (of its exact bytes), when present
 * @param changedFromOlder whether presence or digest differ from the next older snapshot (false for the oldest)
 * @param read true when the archive was read for this answer, false when the manifests' digests
 *     showed the collection unchanged from a snapshot read instead (or absent)
 */
public record DocumentPresence(String fileName, Instant createdAt, boolean present, Optional<String> digest,
        boolean changedFromOlder, boolean read) {
    /** Validates that every component is present and a digest exactly when present. */
    public DocumentPresence {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(digest, "digest");
        if (present != digest.isPresent()) {
            throw new IllegalArgumentException("a digest exactly when present");
        }
    }
}
