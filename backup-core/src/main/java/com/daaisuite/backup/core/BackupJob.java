package com.daaisuite.backup.core;

import com.daaisuite.backup.BackupException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A Backup Now running in the background. Thread-safe.
 *
 * <p>A Backup Now asked for while another runs for the same tenant on this instance does not start a
 * second backup: it returns a handle on the running one with {@link #joined()} true. That job carries
 * the note and actor of the caller who started it ({@link #note()}, {@link #startedBy()}), not those
 * of the caller who joined; a screen should say so ("a backup started by X is already running").
 */
public interface BackupJob {

    /** The states of a job. */
    enum State {
        /** Accepted, not yet started. */
        QUEUED,
        /** Dumping and uploading. */
        RUNNING,
        /** Committed. */
        SUCCEEDED,
        /** Failed; nothing was left in storage. */
        FAILED
    }

    /** @return the tenant */
    String tenantId();

    /**
     * @return true if this caller's Backup Now joined a job another caller had started; the
     *     caller's own note and actor were not used
     */
    boolean joined();

    /** @return who started the job (for a joined job: the other caller) */
    Actor startedBy();

    /** @return the job's note, as stored in the manifest ("" for none; for a joined job: the other caller's) */
    String note();

    /** @return the current state */
    State state();

    /** @return payload bytes processed so far */
    long bytesProcessed();

    /** @return documents processed so far */
    long documentsProcessed();

    /** @return the result once {@link State#SUCCEEDED} */
    Optional<BackupResult> result();

    /** @return the failure once {@link State#FAILED} */
    Optional<BackupException> failure();

    /**
     * Waits for the job to finish.
     *
     * @param timeout how long to wait at most
     * @return the result
     * @throws BackupException the job's failure
     * @throws java.util.concurrent.TimeoutException if it has not finished in time
     * @throws InterruptedException if interrupted while waiting
     */
    BackupResult await(Duration timeout) throws java.util.concurrent.TimeoutException, InterruptedException;

    /** @return a stage completing with the result or the failure */
    CompletionStage<BackupResult> completion();
}
