package com.daaisuite.backup.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Something that happened: an audit record and a metrics sample. Never contains key material.
 *
 * @param type what happened
 * @param at when
 * @param tenantId which tenant
 * @param actor who asked (the scheduler is {@code system:scheduler}); null only for events with no actor
 * @param fileName which snapshot, when there is one
 * @param duration how long it took, {@link Duration#ZERO} for instant events
 * @param bytes bytes written or read (archive bytes for completions, payload bytes for progress)
 * @param documents documents dumped or restored
 * @param detail a human-readable reason or summary, such as why a request was refused
 * @param error the failure, for FAILED events
 */
public record BackupEvent(Type type, Instant at, String tenantId, Actor actor, String fileName, Duration duration,
        long bytes, long documents, String detail, Throwable error) {

    /** The kinds of event. */
    public enum Type {
        /** A backup began. */
        BACKUP_STARTED,
        /** A backup made progress. */
        BACKUP_PROGRESS,
        /** A backup was committed. */
        BACKUP_COMPLETED,
        /** A backup failed; nothing was left in storage. */
        BACKUP_FAILED,
        /** A backup was refused before starting (permission, key, quota, suspended, busy). */
        BACKUP_REFUSED,
        /** A scheduled backup was skipped (suspended tenant, not due, lock held elsewhere). */
        BACKUP_SKIPPED,
        /** Retention deleted a snapshot (scheduled or by hand). */
        SNAPSHOT_PRUNED,
        /** A snapshot was pinned or unpinned. */
        SNAPSHOT_PINNED,
        /** A restore began (after the checks). */
        RESTORE_STARTED,
        /** A restore made progress. */
        RESTORE_PROGRESS,
        /** A restore replaced the live database. */
        RESTORE_COMPLETED,
        /** A restore failed; the live database is as it was. */
        RESTORE_FAILED,
        /** A restore was refused before anything changed (confirmation, lock, origin rules). */
        RESTORE_REFUSED,
        /**
         * An operation was refused because the actor lacks the permission it needs; the detail names
         * the operation and the permission. Nothing was changed or read.
         */
        OPERATION_REFUSED,
        /** A snapshot was deleted by hand ({@link SnapshotCatalog#delete}). */
        SNAPSHOT_DELETED,
        /** A retention run was started by hand ({@link SnapshotCatalog#prune}); its deletions follow as SNAPSHOT_PRUNED. */
        PRUNE_REQUESTED,
        /** Archives were re-encrypted or converted under the current key. */
        KEYS_CHANGED,
        /**
         * A legacy plaintext archive, whose origin no key can prove, was restored over the live
         * database. The detail says which origin rule allowed it.
         */
        UNVERIFIED_RESTORE,
        /**
         * An archive or manifest failed an integrity check (tampered, truncated, of another tenant,
         * a name that disagrees with the content, a manifest that does not match its archive).
         * Nothing from it was used.
         */
        INTEGRITY_FAILURE,
        /**
         * An interrupted restore (the process or the database connection died mid-restore) was found from
         * its journal and finished forward or rolled back; the detail says which. See {@link RecoveryReport}.
         */
        RESTORE_RECOVERED,
        /**
         * A restore drill ({@link DrillService}) restored a snapshot into a scratch database and every
         * collection's count, contents digest and indexes matched what the snapshot recorded; the scratch
         * database was dropped.
         */
        DRILL_PASSED,
        /**
         * A restore drill did not prove its snapshot restorable (tampered, counts, digests or indexes
         * differ), or could not run to the end; the detail says which. The live database was not touched.
         */
        DRILL_FAILED
    }

    /** @return the actor, if any */
    public Optional<Actor> actorIfAny() {
        return Optional.ofNullable(actor);
    }
}
