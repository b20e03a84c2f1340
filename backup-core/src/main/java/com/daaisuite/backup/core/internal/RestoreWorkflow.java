package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.Origin;
import com.daaisuite.backup.core.PartialSnapshotException;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A restore once the request is accepted, top to bottom (DESIGN section 6, docs/architecture.md
 * "Restore sequence"): prove the whole archive, take the tenant's lock, finish an interrupted earlier
 * restore, enter the maintenance gate, then, at the same time, take the pre-restore safety backup of
 * the live data and stage the archive beside it (the source journals and stages); once both are
 * done, confirm the lease (fencing), swap, leave the gate, report. Any failure before the swap
 * leaves the live database untouched; a failure during the swap leaves the gate entered until
 * recovery finishes it.
 */
public final class RestoreWorkflow {
    private final DatabaseSource source;
    private final StorageBackend storage;
    private final KeyProvider keys;
    private final TenantLocks locks;
    private final BackupPipeline pipeline;
    private final Guards guards;
    private final Events events;
    private final TenantActivity activity;
    private final InterruptedRestores recoveries;
    private final TenantFolders folders;
    private final Manifests manifests;
    private final boolean collectionRestoreGate;

    /**
     * @param source the database restored into
     * @param storage where archives are read
     * @param keys the keys that open them
     * @param locks the tenant's lock
     * @param pipeline the safety backup
     * @param guards the maintenance gate
     * @param events where the restore's events go
     * @param activity marks the tenant as running
     * @param recoveries finishes an interrupted earlier restore first
     * @param folders the tenant's listing, for the manifest checks
     * @param manifests the sealed manifests an archive must agree with
     * @param collectionRestoreGate whether a collections restore of the tenant's own database enters the maintenance gate
     */
    public RestoreWorkflow(DatabaseSource source, StorageBackend storage, KeyProvider keys, TenantLocks locks,
            BackupPipeline pipeline, Guards guards, Events events, TenantActivity activity, InterruptedRestores recoveries,
            TenantFolders folders, Manifests manifests, boolean collectionRestoreGate) {
        this.collectionRestoreGate = collectionRestoreGate;
        this.source = source;
        this.storage = storage;
        this.keys = keys;
        this.locks = locks;
        this.pipeline = pipeline;
        this.guards = guards;
        this.events = events;
        this.activity = activity;
        this.recoveries = recoveries;
        this.folders = folders;
        this.manifests = manifests;
    }

    /**
     * Restores {@code snap} into {@code target.database()}: the tenant's own database, or another one on
     * purpose (then the workspace is not put in maintenance, and that database gets the safety backup
     * only if it exists). The request was validated and confirmed and the origin rules passed
     * ({@code origin} is what they said).
     *
     * <p>A target that names collections (the collections restore) takes the same path: only those are staged
     * and swapped, the rest of the database is left as it is, and the maintenance gate is entered unless the
     * host turned it off for collection restores.
     */
    RestoreResult restore(Tenant t, Snapshot snap, Actor actor, Origin origin, String originNote, RestoreTarget target) {
        String file = snap.fileName();
        boolean own = target.database().equals(t.databaseName());
        boolean partial = !target.wholeDatabase();
        boolean gated = own && (!partial || collectionRestoreGate);
        String what = partial ? "collections " + target.collections().orElseThrow() + " of database " + target.database()
                : "database " + target.database();
        if (partial && !source.restoresCollections()) {
            SourceException x = new SourceException("The database source " + source.describe() + " cannot restore chosen "
                    + "collections, so nothing was restored or changed. Restore the whole database, or use a source that "
                    + "restores collections (backup-mongo does).");
            events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, file, "the source cannot restore chosen collections", x);
            throw x;
        }
        try (ArchiveProof proof = prove(t, snap, actor)) {
            if (!partial && proof.payload().partial()) {
                // Read from the authenticated payload, not the manifest a storage writer could delete: restoring a
                // partial snapshot as the whole database would drop every collection it does not hold.
                PartialSnapshotException x = PartialSnapshotException.wholeRestoreOf(t.id(), file,
                        proof.payload().onlyCollections().orElseThrow());
                events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, file, "a partial snapshot cannot be restored as "
                        + "the whole database", x);
                throw x;
            }
            if (partial) {
                try {
                    ContentsService.requireInSnapshot(t, snap, target.collections().orElseThrow(),
                            proof.payload().collections().stream().map(CollectionSummary::name).toList());
                } catch (RuntimeException x) {
                    events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, file, "a chosen collection is not in the "
                            + "snapshot", x);
                    throw x;
                }
            }
            Optional<LeaseKeeper> lease = locks.tryLock(t.id(), "restore");
            if (lease.isEmpty()) {
                BackupException x = TenantLocks.busy(t.id(), "restore");
                events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, file, "the tenant's lock is held", x);
                throw x;
            }
            long t0 = System.nanoTime();
            activity.started(t.id());
            try (LeaseKeeper keeper = lease.get()) {
                events.simple(BackupEvent.Type.RESTORE_STARTED, t.id(), actor, file, "restore of " + what
                        + " from " + file + " (the whole archive was read and checked first: " + proof.archiveBytes()
                        + " bytes, " + proof.payload().documents() + " documents)", null);
                if (origin != Origin.VERIFIED) {
                    // Every restore of an archive no key vouches for is on the record, with the rule that let it through.
                    events.simple(BackupEvent.Type.UNVERIFIED_RESTORE, t.id(), actor, file, origin + ": " + originNote, null);
                }
                try {
                    recoveries.recoverIfNeeded(t, actor);
                } catch (RuntimeException x) {
                    fail(t, actor, file, t0, x instanceof InterruptedRestores.DatabaseUnreachable
                            ? "the database could not be reached, so nothing was restored or changed: " + x.getMessage()
                            : "an interrupted earlier restore could not be finished, so nothing was restored: " + x.getMessage(), x);
                    throw x;
                }
                // The gate first: from here no write reaches the workspace, so the safety backup holds everything
                // the restore replaces and no accepted write is lost.
                if (gated) {
                    try {
                        guards.enterMaintenance(t, "Restoring a backup");
                    } catch (RuntimeException x) {
                        fail(t, actor, file, t0, "the maintenance gate could not be entered, so nothing was restored: "
                                + x.getMessage(), x);
                        throw x;
                    }
                }
                Tenant safetyOf = own ? t : t.toBuilder().databaseName(target.database()).build();
                SafetyBackup safety;
                try {
                    safety = own || source.databaseExists(target.database())
                            ? SafetyBackup.start(t.id(), () -> pipeline.safetyBackupLocked(safetyOf, actor, "before restoring "
                                    + (partial ? "collections " + target.collections().orElseThrow() + " of " : "") + file
                                    + (own ? "" : " into database " + target.database()), keeper,
                                    target.collections().orElse(null)))
                            : null;
                } catch (RuntimeException x) {
                    if (gated) {
                        guards.exitMaintenance(t);
                    }
                    fail(t, actor, file, t0, "the pre-restore safety backup failed, so nothing was restored: " + x.getMessage(), x);
                    throw x;
                }
                // The safety backup of the live collections runs while the new ones are staged; the swap waits for
                // it and checks the lease. Until then nothing live has changed.
                Runnable beforeSwap = () -> {
                    if (safety != null) {
                        safety.await();
                    }
                    // The fencing check: a node that paused (in the safety backup, in the gate) and lost the
                    // tenant's lock to another must not touch the database.
                    if (!keeper.stillHeld()) {
                        throw TenantLocks.lost(t.id(), "the restore of " + file);
                    }
                };
                RestoreSummary summary;
                boolean stayInMaintenance = false;
                try {
                    summary = load(t, snap, actor, proof, target, safety, beforeSwap);
                } catch (RuntimeException x) {
                    // Never leave (and release the lock) while our own safety backup still runs.
                    RuntimeException safetyFailure = safety == null ? null : safety.awaitFailure();
                    if (safetyFailure != null) {
                        fail(t, actor, file, t0, "the pre-restore safety backup failed, so nothing was restored: "
                                + safetyFailure.getMessage(), safetyFailure);
                        throw safetyFailure;
                    }
                    stayInMaintenance = gated && interruptedMidSwap(target.database());
                    fail(t, actor, file, t0, stayInMaintenance
                            ? "the restore was interrupted while swapping; the workspace stays in maintenance until the next "
                                    + "operation on the tenant (or RestoreService.recover) finishes it: " + x.getMessage()
                            : "the restore failed and the live database was left as it was: " + x.getMessage(), x);
                    integrityFailure(t, actor, file, x);
                    throw x;
                } finally {
                    if (gated && !stayInMaintenance) {
                        guards.exitMaintenance(t);
                    }
                }
                BackupResult safetyResult = safety == null ? null : safety.result();
                Duration d = Duration.ofNanos(System.nanoTime() - t0);
                Map<String, Long> counts = new LinkedHashMap<>();
                for (CollectionSummary c : summary.collections()) {
                    counts.put(c.name(), c.documents());
                }
                events.emit(BackupEvent.Type.RESTORE_COMPLETED, t.id(), actor, file, d, summary.payloadBytes(), summary.documents(),
                        (partial ? "collections " + target.collections().orElseThrow() + " restored by " + actor.id() + ": " : "")
                                + summary.collections().size() + " collections, " + summary.documents() + " documents restored into database "
                                + target.database() + "; safety snapshot "
                                + (safetyResult == null ? "none (the database did not exist)" : safetyResult.snapshot().fileName())
                                + (summary.droppedCollections().isEmpty() ? "" : "; dropped " + summary.droppedCollections()), null);
                return new RestoreResult(t.id(), snap, safetyResult == null ? null : safetyResult.snapshot(), summary.documents(), counts,
                        summary.droppedCollections(), d, partial
                                ? com.daaisuite.backup.core.RestoreScope.collections(target.collections().orElseThrow())
                                : com.daaisuite.backup.core.RestoreScope.WHOLE_DATABASE);
            } finally {
                activity.finished(t.id());
            }
        }
    }

    /** @return the document restore, on the same collaborators (the partial restore of docs/restore.md) */
    public DocumentRestore documents() {
        return new DocumentRestore(source, storage, keys, locks, pipeline, events, activity, recoveries, folders, manifests);
    }

    /** Whether a failed load left a journal that says the swap had begun (the database is then mid-swap). */
    private boolean interruptedMidSwap(String database) {
        try {
            return source.interruptedRestore(database).isPresent();
        } catch (RuntimeException x) {
            // Cannot tell (the server is gone): the next operation looks again and recovers if it must.
            return false;
        }
    }

    /**
     * Reads and checks the whole archive before anything else happens (see {@link ArchiveProof}): a
     * tampered, truncated or corrupt snapshot, one of another tenant or made with an unknown key is
     * refused at once, without a safety backup, without the maintenance gate, before any write.
     */
    private ArchiveProof prove(Tenant t, Snapshot snap, Actor actor) {
        StorageKey key = StorageKey.of(t.id(), snap.fileName());
        try {
            // The same checks verify runs: the content is this tenant's and intact, and it is this snapshot.
            return SnapshotChecks.prove(storage, keys, source, manifests, folders.list(t.id()), t.id(), snap);
        } catch (IOException | RuntimeException x) {
            RuntimeException r = Failures.specific(x, c -> new StorageException("Reading " + key + " from " + storage.describe()
                    + " failed: " + c.getMessage() + ". Nothing was restored or changed; check the storage and try again.", c));
            events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, snap.fileName(),
                    "the archive was refused before anything changed: " + r.getMessage(), r);
            integrityFailure(t, actor, snap.fileName(), r);
            throw r;
        }
    }

    /** An archive that cannot be trusted is a security signal of its own, beside the restore's outcome. */
    private void integrityFailure(Tenant t, Actor actor, String file, Throwable x) {
        if (x instanceof IntegrityException) {
            events.simple(BackupEvent.Type.INTEGRITY_FAILURE, t.id(), actor, file, "restore: " + x.getMessage(), x);
        }
    }

    private void fail(Tenant t, Actor actor, String file, long t0, String detail, Throwable x) {
        events.emit(BackupEvent.Type.RESTORE_FAILED, t.id(), actor, file, Duration.ofNanos(System.nanoTime() - t0), 0, 0, detail, x);
    }

    private RestoreSummary load(Tenant t, Snapshot snap, Actor actor, ArchiveProof proof, RestoreTarget target,
            SafetyBackup safety, Runnable beforeSwap) {
        StorageKey key = StorageKey.of(t.id(), snap.fileName());
        ProgressListener progress = new ProgressListener() {
            private long last = System.nanoTime();

            @Override
            public void progress(long bytes, long documents) {
                long now = System.nanoTime();
                if (now - last >= 1_000_000_000L) {
                    last = now;
                    events.emit(BackupEvent.Type.RESTORE_PROGRESS, t.id(), actor, snap.fileName(), Duration.ZERO, bytes,
                            documents, null, null);
                }
            }
        };
        try (ArchiveProof.Bound bound = proof.reopen();
                InputStream raw = safety == null ? bound : safety.stopOnFailure(bound)) {
            ArchiveFormat.Opened o = ArchiveFormat.openNamed(raw, keys, t.id(), source, key);
            RestoreSummary summary;
            // Decryption and inflation run beside the parsing and the batching of inserts. The load must have
            // read the very bytes the proof proved: compared before anything live moves. Sealed with the
            // tenant's key: recovery acts only on journal entries the library wrote.
            try (InputStream payload = bound.watch(ReadAhead.of(o.payload(), "daai-backup-load"))) {
                summary = source.restore(payload, target.withJournalSeal(recoveries.seal(t)), progress,
                        bound.checkedBefore(beforeSwap));
            }
            bound.requireSameIfNotChecked();
            return summary;
        } catch (java.io.UncheckedIOException x) {
            throw Failures.specific(x.getCause(), c -> new StorageException("Reading " + key + " from " + storage.describe()
                    + " failed: " + c.getMessage() + ". The live database was left as it was; check the storage and try again.", c));
        } catch (IOException x) {
            throw Failures.specific(x, c -> new StorageException("Reading " + key + " from " + storage.describe()
                    + " failed: " + c.getMessage() + ". The live database was left as it was; check the storage and try again.", c));
        } catch (RuntimeException x) {
            throw Failures.specific(x, c -> new SourceException("Restoring " + key + " into database " + target.database()
                    + " failed: " + c + ". The live database was left as it was.", c));
        }
    }
}
