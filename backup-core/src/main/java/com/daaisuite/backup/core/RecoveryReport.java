package com.daaisuite.backup.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the library found and did about a restore that was interrupted (the process died, the
 * database connection failed) after it had begun to change the tenant's database. The next
 * operation on the tenant (backup, restore, status, a scheduled run) or an explicit
 * {@link RestoreService#recover} finds it from the restore journal and finishes it: forward when the
 * staged snapshot was complete, otherwise back to the collections it had set aside. The workspace
 * stays in maintenance until then.
 *
 * @param tenantId the tenant
 * @param database the database the interrupted restore was replacing
 * @param outcome what was done
 * @param restoreId the interrupted restore's short id (empty when nothing was found)
 * @param interruptedWhile the journal state it stopped in: {@code loading}, {@code swapping} or {@code committed}
 *     (empty when nothing was found)
 * @param collections the snapshot's collections the interrupted restore was placing
 * @param detail one sentence for people
 * @param at when recovery ran
 */
public record RecoveryReport(String tenantId, String database, Outcome outcome, String restoreId, String interruptedWhile,
        List<String> collections, String detail, Instant at) {

    /** What recovery did. */
    public enum Outcome {
        /** No interrupted restore was found. */
        NOTHING_TO_RECOVER,
        /** The restore was finished: the database holds exactly the snapshot being restored. */
        FINISHED,
        /** The restore was undone: the database holds exactly what it held before. */
        ROLLED_BACK
    }

    public RecoveryReport {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(restoreId, "restoreId");
        Objects.requireNonNull(interruptedWhile, "interruptedWhile");
        collections = List.copyOf(collections);
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }

    /** @return whether an interrupted restore was found (and finished or undone) */
    public boolean found() {
        return outcome != Outcome.NOTHING_TO_RECOVER;
    }
}
