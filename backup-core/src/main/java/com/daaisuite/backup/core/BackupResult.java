package com.daaisuite.backup.core;

import java.time.Duration;
import java.util.Map;

/**
 * A committed backup.
 *
 * @param snapshot the new snapshot
 * @param documents documents dumped
 * @param payloadBytes uncompressed payload bytes
 * @param documentsPerCollection counts per collection
 * @param pointInTime whether the dump was point-in-time consistent
 * @param duration how long the whole backup took
 * @param note the note given with Backup Now, or empty
 */
public record BackupResult(Snapshot snapshot, long documents, long payloadBytes, Map<String, Long> documentsPerCollection,
        boolean pointInTime, Duration duration, String note) {
    public BackupResult {
        documentsPerCollection = Map.copyOf(documentsPerCollection);
        note = note == null ? "" : note;
    }
}
