package com.daaisuite.backup.core;

import java.time.Instant;
import java.util.List;

/**
 * Taking backups: Backup Now, synchronous backups, the scheduler tick and the status line.
 * {@link Backups} is the implementation hosts use: {@code backups.backupNow(..)}.
 *
 * <p>Every method fails with {@link BackupsClosedException} once {@link Backups#close()} has begun.
 */
public interface BackupService {

    /** The longest Backup Now note, in characters; a longer one is refused with {@link InvalidNoteException}. */
    int MAX_NOTE_LENGTH = 500;

    /**
     * Backup Now: starts a {@code manual} backup in the background. Needs {@link Permission#CREATE}.
     *
     * <p>If a Backup Now of the tenant is already running on this instance, no second backup starts:
     * the returned handle is that job, with {@link BackupJob#joined()} true, and it carries the note
     * and actor of the caller who started it ({@link BackupJob#note()}, {@link BackupJob#startedBy()});
     * this caller's note and actor are not recorded. Tell the user so.
     *
     * <p>Whether the tenant's lock is free is known only once the job runs: if another backup,
     * prune or restore of the tenant holds it (on this node, another {@code Backups} of this JVM or,
     * with a shared lock, another node), the job fails and {@link BackupJob#await} throws
     * {@link BackupInProgressException} (also in {@link BackupJob#failure()}).
     *
     * @param actor who asks
     * @param tenantId which workspace
     * @param note an optional note ("before salary year-end"), at most {@link #MAX_NOTE_LENGTH}
     *     characters after trimming; control characters become spaces; null or blank for none
     * @return the job handle
     * @throws PermissionDeniedException without CREATE (an event is emitted)
     * @throws TenantSuspendedException for a suspended tenant
     * @throws com.daaisuite.backup.crypto.KeyMissingException with no key and plaintext not allowed;
     *     its message says how to configure the key in the key provider's own terms
     * @throws InvalidNoteException for a note longer than {@link #MAX_NOTE_LENGTH} (nothing is cut)
     * @throws BackupsClosedException once {@link Backups#close()} has begun
     */
    BackupJob backupNow(Actor actor, String tenantId, String note);

    /**
     * Takes a backup on the calling thread, for hosts that run their own threads. Needs
     * {@link Permission#CREATE} for {@code actor}; a host running its own schedule passes the
     * system actor it named and allows it CREATE in its policy.
     *
     * @param actor who asks (audited)
     * @param tenantId which workspace
     * @param trigger why (decides the label)
     * @return the committed backup
     * @throws PermissionDeniedException without CREATE (an event is emitted)
     * @throws BackupInProgressException if the tenant's lock is held
     */
    BackupResult backup(Actor actor, String tenantId, BackupTrigger trigger);

    /**
     * The scheduler tick: backs up every active tenant whose next scheduled backup is due at
     * {@code now}, with bounded concurrency, under each tenant's lock. Idempotent and safe to call
     * from several nodes at any frequency; missed windows are caught up with one backup. The work
     * runs as the system actor the host named ({@code Backups.Builder.systemActor(..)}, by default
     * {@code system:scheduler}) and is audited under it; the access policy is not asked, because
     * the host calling the tick is the authority.
     *
     * <p>{@code now} decides everything, whatever the clock {@code Backups} was built with: who is
     * due, the snapshots' names and recorded creation times, and retention after each backup. So
     * calling it any number of times with the same {@code now} takes at most one backup per tenant
     * per period. (Events still carry the time they happened at, from the builder's clock.)
     * {@link BackupScheduler} passes the builder clock's instant.
     *
     * @param now the tick time
     * @return one outcome per tenant that was due
     */
    List<ScheduledOutcome> runDue(Instant now);

    /**
     * The status line of the screen. Needs {@link Permission#VIEW}.
     *
     * @param actor who asks
     * @param tenantId which workspace
     * @return the status
     * @throws PermissionDeniedException without VIEW (an event is emitted)
     */
    BackupStatus status(Actor actor, String tenantId);

    /**
     * When a tenant's next scheduled backup is due, computed from the catalog (the newest
     * scheduled snapshot) and the tenant's frequency and zone. Needs {@link Permission#VIEW}.
     *
     * @param actor who asks
     * @param tenantId which workspace
     * @return the due time
     * @throws PermissionDeniedException without VIEW (an event is emitted)
     */
    Instant nextDue(Actor actor, String tenantId);

    /**
     * The outcome of one due tenant in {@link #runDue(Instant)}.
     *
     * @param tenantId the tenant
     * @param outcome what happened
     * @param result the backup, when {@link Outcome#BACKED_UP}
     * @param detail why, when not backed up
     */
    record ScheduledOutcome(String tenantId, Outcome outcome, java.util.Optional<BackupResult> result, String detail) {
        /** What happened to a due tenant. */
        public enum Outcome {
            /** A backup was committed. */
            BACKED_UP,
            /** Another node or operation held the lock. */
            SKIPPED_LOCKED,
            /** The tenant is suspended. */
            SKIPPED_SUSPENDED,
            /** The backup failed. */
            FAILED
        }
    }
}
