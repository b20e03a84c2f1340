package com.daaisuite.backup.core;

import java.util.List;
import java.util.Objects;

/**
 * What a document restore would do, computed before anything is written: the snapshot's chosen
 * documents compared with the live collection by {@code _id}, BSON-exact. It is also what a dry run
 * reports. Nothing was written and no safety backup was taken to compute it.
 *
 * @param tenantId the tenant
 * @param workspaceName the name the confirmation must type
 * @param databaseName the live database written into
 * @param snapshot the snapshot the documents come from (read whole and authenticated)
 * @param collection the collection
 * @param chosen how many of the snapshot's documents the ids or the filter chose
 * @param toInsert chosen documents missing from the live collection: they would be inserted
 * @param toReplace chosen documents that differ from the live ones: they would be replaced (0 with missing only)
 * @param unchanged chosen documents left as they are: equal to the live ones, or (with missing only) present but different
 * @param notInSnapshot the {@code _id}s asked for that the snapshot does not hold (canonical extended JSON; empty for a filter)
 * @param missingOnly whether only missing documents would be written
 */
public record DocumentRestorePreview(String tenantId, String workspaceName, String databaseName, Snapshot snapshot,
        String collection, long chosen, long toInsert, long toReplace, long unchanged, List<String> notInSnapshot,
        boolean missingOnly) {
    public DocumentRestorePreview {
        Objects.requireNonNull(snapshot, "snapshot");
        notInSnapshot = List.copyOf(notInSnapshot);
    }

    /** @return how many documents a restore would write (inserted plus replaced) */
    public long toWrite() {
        return toInsert + toReplace;
    }
}
