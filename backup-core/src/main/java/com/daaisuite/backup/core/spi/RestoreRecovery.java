package com.daaisuite.backup.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link DatabaseSource} found and did about a restore that was interrupted (the process
 * died, the connection or the server failed) after it had begun to write into the target database.
 *
 * @param database the target database of the interrupted restore
 * @param restoreId the interrupted restore's short id (its staging names carry it); empty when none was found
 * @param outcome what recovery did
 * @param state the journal state the restore was in when it stopped, such as {@code loading}, {@code swapping}
 *     or {@code committed}; empty when none was found
 * @param collections the snapshot's collections the interrupted restore was placing
 * @param detail one sentence for logs and audit events
 */
public record RestoreRecovery(String database, String restoreId, Outcome outcome, String state, List<String> collections,
        String detail) {

    /** What recovery did. */
    public enum Outcome {
        /** No interrupted restore of the database was found; nothing was done. */
        NONE,
        /** The swap was finished: the database now holds exactly the snapshot the restore was placing. */
        FORWARD,
        /** The restore was undone: the database holds exactly what it held before the restore began. */
        BACK,
        /**
         * A journal entry was found that is not authentic (no seal, a wrong one, or names that are not the
         * restore's reserved names): it was not acted on, and {@code detail} says what a person should do.
         */
        IGNORED
    }

    public RestoreRecovery {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(restoreId, "restoreId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(state, "state");
        collections = List.copyOf(collections);
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * @param database the database looked at
     * @return the outcome "nothing to recover"
     */
    public static RestoreRecovery none(String database) {
        return new RestoreRecovery(database, "", Outcome.NONE, "", List.of(), "no interrupted restore of database '"
                + database + "' was found");
    }

    /** @return whether an interrupted restore was found and finished or undone */
    public boolean found() {
        return outcome == Outcome.FORWARD || outcome == Outcome.BACK;
    }
}
