package com.daaisuite.backup.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A completed document restore. The counts are what this run wrote: a run repeated after an
 * interrupted one counts the documents the first run already wrote as unchanged.
 *
 * @param tenantId the tenant
 * @param restoredFrom the snapshot the documents came from
 * @param safetySnapshot the pre-restore safety snapshot, taken first (the undo of the undo): of the collection written
 *     to when the source dumps chosen collections, else of the whole database
 * @param collection the collection written into
 * @param inserted documents inserted because they were missing
 * @param replaced documents replaced because they differed
 * @param unchanged chosen documents left as they were
 * @param notInSnapshot the {@code _id}s asked for that the snapshot does not hold
 * @param missingOnly whether only missing documents were written
 * @param duration how long it took, safety backup included
 */
public record DocumentRestoreResult(String tenantId, Snapshot restoredFrom, Snapshot safetySnapshot, String collection,
        long inserted, long replaced, long unchanged, List<String> notInSnapshot, boolean missingOnly, Duration duration) {
    public DocumentRestoreResult {
        Objects.requireNonNull(restoredFrom, "restoredFrom");
        notInSnapshot = List.copyOf(notInSnapshot);
    }
}
