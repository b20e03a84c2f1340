package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.Origin;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupTrigger;
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
 * "Restore sequence"): precheck the archive, take the tenant's lock, take the pre-restore safety
 * backup, enter the maintenance gate, load the archive into the database, leave the gate, report.
 * Any failure before the load leaves the live database untouched.
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
    private final TenantFolders folders;
    private final Manifests manifests;

    /**
     * @param source the database restored into
     * @param storage where archives are read
     * @param keys the keys that open them
     * @param locks the tenant's lock
     * @param pipeline the safety backup
     * @param guards the maintenance gate
     * @param events where the restore's events go
     * @param activity marks the tenant as running
     * @param folders the tenant's listing, for the manifest checks
     * @param manifests the sealed manifests an archive must agree with
     */
    public RestoreWorkflow(DatabaseSource source, StorageBackend storage, KeyProvider keys, TenantLocks locks,
            BackupPipeline pipeline, Guards guards, Events events, TenantActivity activity, TenantFolders folders,
            Manifests manifests) {
        this.source = source;
        this.storage = storage;
        this.keys = keys;
        this.locks = locks;
        this.pipeline = pipeline;
        this.guards = guards;
        this.events = events;
        this.activity = activity;
        this.folders = folders;
        this.manifests = manifests;
    }

    /**
     * Restores {@code snap} into the tenant's database; the request was validated and confirmed and
     * the origin rules passed ({@code origin} is what they said).
     */
    RestoreResult restore(Tenant t, Snapshot snap, Actor actor, Origin origin, String originNote) {
        String file = snap.fileName();
        precheck(t, snap, actor);
        Optional<LeaseKeeper> lease = locks.tryLock(t.id(), "restore");
        if (lease.isEmpty()) {
            BackupException x = TenantLocks.busy(t.id(), "restore");
            events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, file, "the tenant's lock is held", x);
            throw x;
        }
        long t0 = System.nanoTime();
        activity.started(t.id());
        try (LeaseKeeper keeper = lease.get()) {
            events.simple(BackupEvent.Type.RESTORE_STARTED, t.id(), actor, file, "restore of database " + t.databaseName()
                    + " from " + file, null);
            if (origin != Origin.VERIFIED) {
                // Every restore of an archive no key vouches for is on the record, with the rule that let it through.
                events.simple(BackupEvent.Type.UNVERIFIED_RESTORE, t.id(), actor, file, origin + ": " + originNote, null);
            }
            BackupResult safety;
            try {
                safety = pipeline.backupLocked(t, BackupTrigger.PRE_RESTORE, actor, "before restoring " + file, keeper, null);
            } catch (RuntimeException x) {
                fail(t, actor, file, t0, "the pre-restore safety backup failed, so nothing was restored: " + x.getMessage(), x);
                throw x;
            }
            try {
                guards.enterMaintenance(t, "Restoring a backup");
            } catch (RuntimeException x) {
                fail(t, actor, file, t0, "the maintenance gate could not be entered, so nothing was restored: " + x.getMessage(), x);
                throw x;
            }
            RestoreSummary summary;
            try {
                summary = load(t, snap, actor);
            } catch (RuntimeException x) {
                fail(t, actor, file, t0, "the restore failed and the live database was left as it was: " + x.getMessage(), x);
                integrityFailure(t, actor, file, x);
                throw x;
            } finally {
                guards.exitMaintenance(t);
            }
            Duration d = Duration.ofNanos(System.nanoTime() - t0);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (CollectionSummary c : summary.collections()) {
                counts.put(c.name(), c.documents());
            }
            events.emit(BackupEvent.Type.RESTORE_COMPLETED, t.id(), actor, file, d, summary.payloadBytes(), summary.documents(),
                    summary.collections().size() + " collections, " + summary.documents() + " documents restored; safety snapshot "
                            + safety.snapshot().fileName()
                            + (summary.droppedCollections().isEmpty() ? "" : "; dropped " + summary.droppedCollections()), null);
            return new RestoreResult(t.id(), snap, safety.snapshot(), summary.documents(), counts, summary.droppedCollections(), d);
        } finally {
            activity.finished(t.id());
        }
    }

    /**
     * Opens the archive and reads its first segment before anything else happens, so that a snapshot
     * of another tenant, one made with an unknown key or one that is not a backup at all is refused at
     * once: without a safety backup, without the maintenance gate, with the workspace never unavailable.
     * The whole archive is still authenticated while loading; this only makes the common refusals cheap.
     */
    private void precheck(Tenant t, Snapshot snap, Actor actor) {
        StorageKey key = StorageKey.of(t.id(), snap.fileName());
        try (InputStream raw = storage.openRead(key)) {
            ArchiveFormat.openNamed(raw, keys, t.id(), source, key);
            // The archive authenticates under the tenant's key; its sealed manifest must say it is this snapshot.
            manifests.requireBound(folders.list(t.id()), t.id(), snap);
        } catch (IOException x) {
            StorageException s = new StorageException("Reading " + key + " from " + storage.describe() + " failed: "
                    + x.getMessage() + ". Nothing was restored or changed; check the storage and try again.", x);
            events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, snap.fileName(), "the archive could not be read", s);
            throw s;
        } catch (BackupException x) {
            events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, snap.fileName(),
                    "the archive was refused before anything changed: " + x.getMessage(), x);
            integrityFailure(t, actor, snap.fileName(), x);
            throw x;
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

    private RestoreSummary load(Tenant t, Snapshot snap, Actor actor) {
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
        try (InputStream raw = storage.openRead(key)) {
            ArchiveFormat.Opened o = ArchiveFormat.openNamed(raw, keys, t.id(), source, key);
            return source.restore(o.payload(), RestoreTarget.of(t.databaseName()), progress);
        } catch (IOException x) {
            throw Failures.specific(x, c -> new StorageException("Reading " + key + " from " + storage.describe()
                    + " failed: " + c.getMessage() + ". The live database was left as it was; check the storage and try again.", c));
        } catch (RuntimeException x) {
            throw Failures.specific(x, c -> new SourceException("Restoring " + key + " into database " + t.databaseName()
                    + " failed: " + c + ". The live database was left as it was.", c));
        }
    }
}
