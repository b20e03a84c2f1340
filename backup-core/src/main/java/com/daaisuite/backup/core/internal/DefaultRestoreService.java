package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.ConfirmationMismatchException;
import com.daaisuite.backup.core.InvalidNameException;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.PermissionDeniedException;
import com.daaisuite.backup.core.RestorePreview;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.RestoreService;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreSummary;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.daaisuite.backup.core.spi.StorageKey;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The guarded restore (DESIGN section 6, docs/architecture.md "Restore sequence"). */
final class DefaultRestoreService implements RestoreService {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultRestoreService.class);
    static final String WARNING = "Restoring replaces the whole database of this workspace with the snapshot: changes made "
            + "after it was taken are lost. The workspace is briefly unavailable. A pre-restore safety backup of the "
            + "current data is taken first and kept for 7 days.";

    private final BackupsEngine e;

    DefaultRestoreService(BackupsEngine engine) {
        this.e = engine;
    }

    private void requireRestorePermission(Actor actor, Tenant t, String fileName) {
        if (!e.access.allows(actor, Permission.RESTORE, t)) {
            PermissionDeniedException x = new PermissionDeniedException(actor.id() + " may not restore tenant " + t.id()
                    + ": the RESTORE permission is missing. Nothing was changed; ask an administrator for the permission.");
            e.events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, fileName, "permission RESTORE denied", x);
            throw x;
        }
    }

    @Override
    public RestorePreview prepare(Actor actor, String tenantId, String fileName) {
        java.util.Objects.requireNonNull(actor, "actor");
        Tenant t = e.tenant(tenantId);
        requireValidName(actor, t, fileName);
        requireRestorePermission(actor, t, fileName);
        Snapshot s = e.requireSnapshot(e.list(t.id()), t.id(), fileName);
        return new RestorePreview(t.id(), t.workspaceName(), t.databaseName(), s, s.createdAtIn(t.zone()), s.encrypted(), WARNING);
    }

    @Override
    public RestoreResult restore(Actor actor, RestoreRequest request) {
        java.util.Objects.requireNonNull(actor, "actor");
        java.util.Objects.requireNonNull(request, "request");
        Tenant t = e.tenant(request.tenantId());
        String file = request.fileName();
        requireValidName(actor, t, file);
        requireRestorePermission(actor, t, file);
        if (!request.typedWorkspaceName().equals(t.workspaceName())) {
            ConfirmationMismatchException x = new ConfirmationMismatchException("The typed name does not match the workspace name of tenant "
                    + t.id() + " exactly, so nothing was restored or changed. Type the workspace name exactly as shown.");
            e.events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, file, "typed workspace name does not match", x);
            throw x;
        }
        Snapshot snap;
        try {
            snap = e.requireSnapshot(e.list(t.id()), t.id(), file);
        } catch (BackupException x) {
            e.events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, file, "no such snapshot", x);
            throw x;
        }
        precheck(t, snap, actor);
        Optional<LeaseKeeper> lease = e.tryLock(t.id(), "restore");
        if (lease.isEmpty()) {
            BackupException x = e.busy(t.id(), "restore");
            e.events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, file, "the tenant's lock is held", x);
            throw x;
        }
        long t0 = System.nanoTime();
        e.markRunning(t.id(), true);
        try (LeaseKeeper keeper = lease.get()) {
            e.events.simple(BackupEvent.Type.RESTORE_STARTED, t.id(), actor, file, "restore of database " + t.databaseName()
                    + " from " + file, null);
            BackupResult safety;
            try {
                safety = e.backupLocked(t, BackupTrigger.PRE_RESTORE, actor, "before restoring " + file, keeper, null);
            } catch (RuntimeException x) {
                fail(t, actor, file, t0, "the pre-restore safety backup failed, so nothing was restored: " + x.getMessage(), x);
                throw x;
            }
            try {
                e.gate.enter(t, "Restoring a backup");
            } catch (RuntimeException x) {
                fail(t, actor, file, t0, "the maintenance gate could not be entered, so nothing was restored: " + x.getMessage(), x);
                throw x;
            }
            RestoreSummary summary;
            try {
                summary = load(t, snap, actor);
            } catch (RuntimeException x) {
                fail(t, actor, file, t0, "the restore failed and the live database was left as it was: " + x.getMessage(), x);
                throw x;
            } finally {
                exitGate(t);
            }
            Duration d = Duration.ofNanos(System.nanoTime() - t0);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (CollectionSummary c : summary.collections()) {
                counts.put(c.name(), c.documents());
            }
            e.events.emit(BackupEvent.Type.RESTORE_COMPLETED, t.id(), actor, file, d, summary.payloadBytes(), summary.documents(),
                    summary.collections().size() + " collections, " + summary.documents() + " documents restored; safety snapshot "
                            + safety.snapshot().fileName()
                            + (summary.droppedCollections().isEmpty() ? "" : "; dropped " + summary.droppedCollections()), null);
            return new RestoreResult(t.id(), snap, safety.snapshot(), summary.documents(), counts, summary.droppedCollections(), d);
        } finally {
            e.markRunning(t.id(), false);
        }
    }

    /** A name that could never be a snapshot is refused (and audited) before it reaches storage or a log. */
    private void requireValidName(Actor actor, Tenant t, String fileName) {
        try {
            StorageKey.requireValidFileName(fileName);
        } catch (InvalidNameException x) {
            e.events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, null, "invalid snapshot file name", x);
            throw x;
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
        try (InputStream raw = e.storage.openRead(key)) {
            ArchiveFormat.open(raw, e.keys, t.id(), e.source, key.path());
        } catch (IOException x) {
            StorageException s = new StorageException("Reading " + key + " from " + e.storage.describe() + " failed: "
                    + x.getMessage() + ". Nothing was restored or changed; check the storage and try again.", x);
            e.events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, snap.fileName(), "the archive could not be read", s);
            throw s;
        } catch (BackupException x) {
            e.events.simple(BackupEvent.Type.RESTORE_REFUSED, t.id(), actor, snap.fileName(),
                    "the archive was refused before anything changed: " + x.getMessage(), x);
            throw x;
        }
    }

    private void exitGate(Tenant t) {
        try {
            e.gate.exit(t);
        } catch (RuntimeException x) {
            LOG.error("The maintenance gate of tenant {} could not be left; the host must reopen the workspace", t.id(), x);
        }
    }

    private void fail(Tenant t, Actor actor, String file, long t0, String detail, Throwable x) {
        e.events.emit(BackupEvent.Type.RESTORE_FAILED, t.id(), actor, file, Duration.ofNanos(System.nanoTime() - t0), 0, 0, detail, x);
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
                    e.events.emit(BackupEvent.Type.RESTORE_PROGRESS, t.id(), actor, snap.fileName(), Duration.ZERO, bytes,
                            documents, null, null);
                }
            }
        };
        try (InputStream raw = e.storage.openRead(key)) {
            ArchiveFormat.Opened o = ArchiveFormat.open(raw, e.keys, t.id(), e.source, key.path());
            return e.source.restore(o.payload(), RestoreTarget.of(t.databaseName()), progress);
        } catch (IOException x) {
            throw BackupsEngine.specific(x, c -> new StorageException("Reading " + key + " from " + e.storage.describe()
                    + " failed: " + c.getMessage() + ". The live database was left as it was; check the storage and try again.", c));
        } catch (RuntimeException x) {
            throw BackupsEngine.specific(x, c -> new SourceException("Restoring " + key + " into database " + t.databaseName()
                    + " failed: " + c + ". The live database was left as it was.", c));
        }
    }
}
