package com.daaisuite.backup.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A completed restore.
 *
 * @param tenantId the tenant
 * @param restoredFrom the snapshot restored
 * @param safetySnapshot the pre-restore safety snapshot taken first; null only for a restore into another
 *     database (see {@link RestoreRequest#intoDatabase(String)}) that did not exist. For a collections restore it
 *     holds only the chosen collections when the source dumps chosen collections ({@link SnapshotManifest#onlyCollections()})
 * @param documents documents restored
 * @param documentsPerCollection counts per collection
 * @param droppedCollections live collections the snapshot did not have
 * @param duration how long it took, safety backup included
 * @param scope what was restored: {@link RestoreScope#WHOLE_DATABASE}, or the {@link RestoreScope.Collections}
 *     chosen (then {@code documentsPerCollection} holds exactly those and nothing was dropped)
 */
public record RestoreResult(String tenantId, Snapshot restoredFrom, Snapshot safetySnapshot, long documents,
        Map<String, Long> documentsPerCollection, List<String> droppedCollections, Duration duration, RestoreScope scope) {
    public RestoreResult {
        documentsPerCollection = Map.copyOf(documentsPerCollection);
        droppedCollections = List.copyOf(droppedCollections);
        java.util.Objects.requireNonNull(scope, "scope");
    }

    /**
     * A whole-database restore's result.
     *
     * @param tenantId the tenant
     * @param restoredFrom the snapshot restored
     * @param safetySnapshot the pre-restore safety snapshot, or null (see above)
     * @param documents documents restored
     * @param documentsPerCollection counts per collection
     * @param droppedCollections live collections the snapshot did not have
     * @param duration how long it took
     */
    public RestoreResult(String tenantId, Snapshot restoredFrom, Snapshot safetySnapshot, long documents,
            Map<String, Long> documentsPerCollection, List<String> droppedCollections, Duration duration) {
        this(tenantId, restoredFrom, safetySnapshot, documents, documentsPerCollection, droppedCollections, duration,
                RestoreScope.WHOLE_DATABASE);
    }
}
