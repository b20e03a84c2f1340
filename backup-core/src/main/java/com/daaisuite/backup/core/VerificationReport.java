package com.daaisuite.backup.core;

import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link SnapshotCatalog#verify}: the whole archive was read, every segment
 * authenticated, the gzip decompressed and the payload parsed.
 *
 * @param snapshot the snapshot
 * @param ok true if everything checked out
 * @param archiveSha256 the SHA-256 of the archive bytes, hex
 * @param documentsPerCollection counts found in the payload
 * @param problems what did not match (empty when ok), such as a manifest count differing
 */
public record VerificationReport(Snapshot snapshot, boolean ok, String archiveSha256,
        Map<String, Long> documentsPerCollection, List<String> problems) {
    public VerificationReport {
        documentsPerCollection = Map.copyOf(documentsPerCollection);
        problems = List.copyOf(problems);
    }
}
