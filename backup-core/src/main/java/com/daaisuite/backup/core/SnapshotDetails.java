package com.daaisuite.backup.core;

import java.util.Optional;

/**
 * What {@link SnapshotCatalog#inspect} reads: the archive's header (without decrypting) and its
 * manifest, when there is one.
 *
 * @param snapshot the listing entry
 * @param format {@code DBK1}, {@code gzip} or {@code mongodump-archive}, detected from magic bytes
 * @param keyId the DBK1 key id, for encrypted archives
 * @param segmentSize the DBK1 segment size, for encrypted archives
 * @param manifest the manifest (counts per collection, sizes, SHA-256, key id, consistency,
 *     duration, library version, note), or empty if there is none or it is not valid
 */
public record SnapshotDetails(Snapshot snapshot, String format, Optional<String> keyId, Optional<Integer> segmentSize,
        Optional<SnapshotManifest> manifest) {}
