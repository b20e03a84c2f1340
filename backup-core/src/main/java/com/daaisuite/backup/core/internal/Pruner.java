package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.LegalHoldException;
import com.daaisuite.backup.core.PruneReport;
import com.daaisuite.backup.core.RetentionPolicy;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotRetention;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes what the {@link RetentionPolicy} selects, except pinned snapshots and the
 * newest one, under the tenant's lock; after every successful backup and on demand.
 */
public final class Pruner {
    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    private final RetentionPolicy retention;
    private final StorageBackend storage;
    private final Clock clock;
    private final TenantFolders folders;
    private final TenantLocks locks;
    private final Events events;
    private final Actor systemActor;

    /**
     * @param retention what to delete
     * @param storage where to delete it
     * @param clock "now" for the policy
     * @param folders the tenant's listing and pins
     * @param locks the tenant's lock, for an on-demand prune
     * @param events where each pruned snapshot is reported
     * @param systemActor who retention after a backup is recorded as (the host names it)
     */
    public Pruner(RetentionPolicy retention, StorageBackend storage, Clock clock, TenantFolders folders, TenantLocks locks,
            Events events, Actor systemActor) {
        this.retention = retention;
        this.storage = storage;
        this.clock = clock;
        this.folders = folders;
        this.locks = locks;
        this.events = events;
        this.systemActor = systemActor;
    }

    /**
     * An on-demand prune by {@code actor} (whose permission the caller checked): a dry run reads
     * only; a real one takes the tenant's lock or is refused.
     */
    PruneReport prune(Tenant t, boolean dryRun, Actor actor) {
        if (dryRun) {
            return pruneLocked(t, true, actor);
        }
        Optional<LeaseKeeper> lease = locks.tryLock(t.id(), "prune");
        if (lease.isEmpty()) {
            throw TenantLocks.busy(t.id(), "prune");
        }
        try (LeaseKeeper keeper = lease.get()) {
            events.simple(BackupEvent.Type.PRUNE_REQUESTED, t.id(), actor, null, "retention run by hand", null);
            return pruneLocked(t, false, actor);
        }
    }

    /**
     * Deletes one snapshot by hand, under the tenant's lock; a pinned one is refused. The caller
     * checked the actor's DELETE permission.
     */
    void delete(Tenant t, String fileName, Actor actor) {
        Optional<LeaseKeeper> lease = locks.tryLock(t.id(), "delete");
        if (lease.isEmpty()) {
            throw TenantLocks.busy(t.id(), "delete a snapshot of");
        }
        try (LeaseKeeper keeper = lease.get()) {
            TenantFolders.Listing l = folders.list(t.id());
            Snapshot s = folders.requireSnapshot(l, t.id(), fileName);
            if (s.pinned()) {
                LegalHoldException x = new LegalHoldException("The snapshot " + fileName + " of tenant " + t.id()
                        + " is pinned (legal hold), so it was not deleted. Unpin it first if it really must go.");
                events.simple(BackupEvent.Type.OPERATION_REFUSED, t.id(), actor, fileName, "delete: the snapshot is pinned", x);
                throw x;
            }
            try {
                storage.delete(List.of(StorageKey.of(t.id(), fileName), StorageKey.of(t.id(), ArchiveNames.manifestOf(fileName)),
                        StorageKey.of(t.id(), Manifests.sealedNameOf(fileName)), StorageKey.of(t.id(), DrillRecords.nameOf(fileName))));
            } catch (IOException e) {
                throw new StorageException("Deleting the snapshot " + fileName + " of tenant " + t.id() + " from "
                        + storage.describe() + " failed: " + e.getMessage() + ". Check that the storage is writable and try again.", e);
            }
            events.emit(BackupEvent.Type.SNAPSHOT_DELETED, t.id(), actor, fileName, Duration.ZERO, s.sizeBytes(), 0,
                    "deleted by hand (" + s.label() + ")", null);
        }
    }

    /** Retention after a successful backup (the caller holds the lock); a failure is logged, never fails the backup. */
    void afterBackup(Tenant t) {
        afterBackup(t, clock.instant());
    }

    /** As {@link #afterBackup(Tenant)}, deciding with {@code now} (the scheduler tick's) rather than the clock. */
    void afterBackup(Tenant t, Instant now) {
        try {
            pruneLocked(t, false, systemActor, now);
        } catch (RuntimeException e) {
            LOG.warn("Retention after the backup of tenant {} failed; it runs again after the next backup", t.id(), e);
        }
    }

    /**
     * How long each listed snapshot is kept: the policy's promises with the engine's protections (pinned,
     * the newest) that {@link #pruneLocked} applies after the policy, so a list says what retention does.
     */
    java.util.Map<String, SnapshotRetention> promises(Tenant t, TenantFolders.Listing l) {
        java.util.Map<String, SnapshotRetention> policy = retention.promises(t, l.snapshots(), clock.instant());
        String newest = l.newest().map(Snapshot::fileName).orElse(null);
        java.util.Map<String, SnapshotRetention> out = new java.util.HashMap<>();
        for (Snapshot s : l.snapshots()) {
            SnapshotRetention r = policy.getOrDefault(s.fileName(), SnapshotRetention.asPolicyDecides(s.label(), false));
            out.put(s.fileName(), r.withProtections(s.pinned(), s.fileName().equals(newest)));
        }
        return out;
    }

    private PruneReport pruneLocked(Tenant t, boolean dryRun, Actor actor) {
        return pruneLocked(t, dryRun, actor, clock.instant());
    }

    private PruneReport pruneLocked(Tenant t, boolean dryRun, Actor actor, Instant now) {
        TenantFolders.Listing l = folders.list(t.id());
        List<Snapshot> selected = retention.selectForDeletion(t, l.snapshots(), now);
        Set<String> chosen = new HashSet<>();
        for (Snapshot s : selected) {
            chosen.add(s.fileName());
        }
        String newest = l.newest().map(Snapshot::fileName).orElse(null);
        List<Snapshot> prune = new ArrayList<>();
        List<Snapshot> kept = new ArrayList<>();
        for (Snapshot s : l.snapshots()) {
            if (chosen.contains(s.fileName()) && !s.pinned() && !s.fileName().equals(newest)) {
                prune.add(s);
            } else {
                kept.add(s);
            }
        }
        if (!dryRun && !prune.isEmpty()) {
            // A pin placed since the listing wins: re-read the pins just before deleting.
            Set<String> names = folders.list(t.id()).names();
            List<Snapshot> late = prune.stream().filter(s -> names.contains(ArchiveNames.pinOf(s.fileName()))).toList();
            prune.removeAll(late);
            kept.addAll(late);
            for (Snapshot s : prune) {
                Collection<StorageKey> keysToDelete = List.of(StorageKey.of(t.id(), s.fileName()),
                        StorageKey.of(t.id(), ArchiveNames.manifestOf(s.fileName())),
                        StorageKey.of(t.id(), Manifests.sealedNameOf(s.fileName())),
                        StorageKey.of(t.id(), DrillRecords.nameOf(s.fileName())));
                try {
                    storage.delete(keysToDelete);
                } catch (IOException e) {
                    throw new StorageException("Deleting the snapshot " + s.fileName() + " of tenant " + t.id() + " from "
                            + storage.describe() + " failed: " + e.getMessage() + ". Retention will try again next time.", e);
                }
                events.emit(BackupEvent.Type.SNAPSHOT_PRUNED, t.id(), actor, s.fileName(), Duration.ZERO, s.sizeBytes(), 0,
                        "pruned by retention (" + s.label() + ")", null);
            }
        }
        kept.sort(Comparator.comparing(Snapshot::createdAt).reversed());
        return new PruneReport(t.id(), dryRun, prune, kept);
    }
}
