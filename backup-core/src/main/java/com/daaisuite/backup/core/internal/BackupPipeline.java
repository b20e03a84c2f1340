package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupInProgressException;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.BackupsClosedException;
import com.daaisuite.backup.core.BackupsSettings;
import com.daaisuite.backup.core.ObjectExistsException;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.MasterKey;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiConsumer;

/**
 * One backup, top to bottom: key and quota checks, a free name, then dump -> parallel gzip -> DBK1
 * -> {@link ArchiveSink} -> storage upload, committed only if the lease still holds, then the
 * manifest and the events. The caller holds the tenant's lock. Refusals and failures are events and
 * leave nothing in storage.
 */
public final class BackupPipeline {
    private final DatabaseSource source;
    private final StorageBackend storage;
    private final BackupsSettings settings;
    private final Dbk1Options dbk1Options;
    private final Clock clock;
    private final Guards guards;
    private final TenantFolders folders;
    private final Manifests manifests;
    private final Events events;
    private final TenantActivity activity;
    private final EnginePools pools;
    private final DumpBudget budget;
    private final OriginRules origins;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param source the database source (dumps)
     * @param storage the storage backend (uploads)
     * @param settings compression level and threads
     * @param dbk1Options the DBK1 options
     * @param pools whose compression pool runs gzip
     * @param clock the clock naming snapshots
     * @param guards key and quota checks
     * @param folders the tenant's current listing (free names, quota estimate)
     * @param manifests writes the manifest after commit
     * @param events where the backup's events go
     * @param activity the tenant's running count and last failure
     * @param budget the node's read-rate budget, shared by every dump but the pre-restore safety backup's
     * @param origins records, outside the storage, that the tenant has encrypted backups
     */
    public BackupPipeline(DatabaseSource source, StorageBackend storage, BackupsSettings settings, Dbk1Options dbk1Options,
            EnginePools pools, Clock clock, Guards guards, TenantFolders folders, Manifests manifests, Events events,
            TenantActivity activity, DumpBudget budget, OriginRules origins) {
        this.source = source;
        this.storage = storage;
        this.settings = settings;
        this.dbk1Options = dbk1Options;
        this.pools = pools;
        this.clock = clock;
        this.guards = guards;
        this.folders = folders;
        this.manifests = manifests;
        this.events = events;
        this.activity = activity;
        this.budget = budget;
        this.origins = origins;
    }

    static SnapshotLabel labelFor(Tenant t, BackupTrigger trigger) {
        return switch (trigger) {
            case SCHEDULED -> t.frequency();
            case MANUAL -> SnapshotLabel.MANUAL;
            case PRE_RESTORE -> SnapshotLabel.PRE_RESTORE;
        };
    }

    /**
     * Takes one backup; the caller holds the tenant's lock (kept by {@code keeper}).
     *
     * @param progressSink receives (bytes, documents) as the dump advances, or null
     */
    BackupResult backupLocked(Tenant t, BackupTrigger trigger, Actor actor, String note, LeaseKeeper keeper,
            BiConsumer<Long, Long> progressSink) {
        return backupLocked(t, trigger, actor, note, keeper, progressSink, clock.instant());
    }

    /**
     * Takes one backup named for {@code at} rather than the clock: the scheduler tick records the
     * {@code now} it decided with, so that calling it again with the same {@code now} finds the
     * period taken.
     *
     * @param progressSink receives (bytes, documents) as the dump advances, or null
     * @param at the instant the snapshot is named and recorded for
     */
    BackupResult backupLocked(Tenant t, BackupTrigger trigger, Actor actor, String note, LeaseKeeper keeper,
            BiConsumer<Long, Long> progressSink, Instant at) {
        return backupLocked(t, trigger, actor, note, keeper, progressSink, at, null);
    }

    /**
     * The pre-restore safety backup of a restore that replaces only {@code collections}: when the source can
     * dump chosen collections, only those (the snapshot is marked partial, in its payload and its manifest, and
     * can never be restored as the whole database); otherwise the whole database, as before.
     */
    BackupResult safetyBackupLocked(Tenant t, Actor actor, String note, LeaseKeeper keeper, java.util.Set<String> collections) {
        return backupLocked(t, BackupTrigger.PRE_RESTORE, actor, note, keeper, null, clock.instant(),
                collections != null && source.dumpsCollections() ? java.util.Set.copyOf(collections) : null);
    }

    private BackupResult backupLocked(Tenant t, BackupTrigger trigger, Actor actor, String note, LeaseKeeper keeper,
            BiConsumer<Long, Long> progressSink, Instant at, java.util.Set<String> only) {
        SnapshotLabel label = labelFor(t, trigger);
        Optional<MasterKey> key = guards.requireKey(t, actor, BackupEvent.Type.BACKUP_REFUSED);
        TenantFolders.Listing listing = folders.list(t.id());
        OptionalLong headroom = guards.checkQuota(t, actor, listing, BackupEvent.Type.BACKUP_REFUSED);
        Instant started = at.truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        boolean encrypted = key.isPresent();
        String name = ArchiveNames.freeName(label, started, encrypted, listing.names());
        events.simple(BackupEvent.Type.BACKUP_STARTED, t.id(), actor, name, trigger.name().toLowerCase(Locale.ROOT)
                + " backup of " + (only == null ? "" : "collections " + new java.util.TreeSet<>(only) + " of ")
                + "database " + t.databaseName(), null);
        activity.started(t.id());
        try {
            Manifests.Written w = null;
            for (int attempt = 1; w == null; attempt++) {
                try {
                    w = write(t, name, started, key, headroom, keeper, actor, progressSink, trigger, only);
                } catch (ObjectExistsException e) {
                    // Another writer (a node without the shared lock, or a clock step) took the name; retry once or twice.
                    if (attempt >= 3) {
                        throw e;
                    }
                    byte[] r = new byte[3];
                    random.nextBytes(r);
                    name = ArchiveNames.name(label, started, HexFormat.of().formatHex(r), encrypted);
                }
            }
            Duration duration = Duration.ofNanos(System.nanoTime() - t0);
            Snapshot snap = new Snapshot(t.id(), name, label, started, w.archiveBytes(), encrypted, false);
            DumpSummary d = w.summary();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (CollectionSummary c : d.collections()) {
                counts.put(c.name(), c.documents());
            }
            manifests.write(snap, w, trigger, actor, note, duration);
            if (encrypted) {
                origins.published(t.id(), snap, listing);
            }
            activity.succeeded(t.id());
            events.emit(BackupEvent.Type.BACKUP_COMPLETED, t.id(), actor, name, duration, w.archiveBytes(), d.documents(),
                    (d.partial() ? "only collections " + d.onlyCollections().orElseThrow() + ": " : "")
                            + d.collections().size() + " collections, " + d.documents() + " documents, " + w.archiveBytes()
                            + " archive bytes" + (encrypted ? "" : ", plaintext"), null);
            // Not point-in-time is a property of the deployment, not news: it is in the result, the manifest
            // and, once, in the status line (BackupStatus.consistencyNotice), never an event per backup.
            return new BackupResult(snap, d.documents(), d.payloadBytes(), counts, d.pointInTime(), duration,
                    note == null ? "" : note);
        } catch (RuntimeException failure) {
            RuntimeException e = pools.stoppedByClose() ? stoppedByClose(t, name, failure) : failure;
            activity.failed(t.id(), e.getMessage());
            events.emit(BackupEvent.Type.BACKUP_FAILED, t.id(), actor, name, Duration.ofNanos(System.nanoTime() - t0), 0, 0,
                    String.valueOf(e.getMessage()), e);
            throw e;
        } finally {
            activity.finished(t.id());
        }
    }

    /**
     * What a backup interrupted by {@code Backups.close()} reports: the close, not the database or storage whose
     * wait the interrupt happened to break (the original failure stays as the cause).
     */
    private static RuntimeException stoppedByClose(Tenant t, String name, RuntimeException failure) {
        if (failure instanceof BackupsClosedException) {
            return failure;
        }
        return new BackupsClosedException("The backup of tenant " + t.id() + " (" + name + ") was stopped by close() of "
                + "its Backups, which waits at most ten seconds for running backups; nothing was stored. Take it again "
                + "with the next Backups (Backup Now, or the next scheduled run), and close after backups finish to "
                + "avoid this.", failure);
    }

    /** Streams one archive into storage and commits it; on any failure the upload is aborted. */
    private Manifests.Written write(Tenant t, String name, Instant started, Optional<MasterKey> key, OptionalLong headroom,
            LeaseKeeper keeper, Actor actor, BiConsumer<Long, Long> progressSink, BackupTrigger trigger, java.util.Set<String> only) {
        int level = settings.compressionLevelFor(trigger);
        StorageKey skey = StorageKey.of(t.id(), name);
        String where = skey.path() + " in " + storage.describe();
        StorageUpload upload;
        try {
            upload = storage.openUpload(skey);
        } catch (IOException e) {
            throw new StorageException("Could not start writing the archive " + where + ": " + e.getMessage()
                    + ". Check that the storage is reachable and writable.", e);
        }
        boolean committed = false;
        ParallelGzipOutputStream gz = null;
        ContentsTee tee = null;
        ArchiveSink sink = new ArchiveSink(upload, headroom, t.id(), where);
        try {
            // Bound to its name and time (DBK1 version 2): renamed or moved onto another snapshot's name, it is refused.
            OutputStream enc = key.isPresent() ? Dbk1.encrypt(sink, key.get(), t.id(), dbk1Options.boundTo(name, started)) : sink;
            // The safety backup is exempt from the budget: a person waits for it, and the workspace it protects is in
            // maintenance (its application traffic stopped) until the restore ends.
            DumpBudget dumpBudget = trigger == BackupTrigger.PRE_RESTORE ? DumpBudget.unlimited() : budget;
            EnginePools.Compression lane = pools.compression(dumpBudget.limited());
            gz = new ParallelGzipOutputStream(enc, level, lane.pool(), lane.maxInFlight(),
                    ParallelGzipOutputStream.DEFAULT_MEMBER_SIZE);
            ProgressThrottle progress = new ProgressThrottle(t.id(), actor, name, progressSink);
            DumpSummary summary;
            tee = ContentsTee.start(source, t.id()).orElse(null);
            try {
                DumpBudget.Dump paced = dumpBudget.open(gz);
                OutputStream dumpOut = paced.stream();
                OutputStream to = tee == null ? dumpOut : tee.wrap(dumpOut);
                summary = only == null ? source.dump(t.databaseName(), to, progress, paced.readBudget())
                        : requirePartial(source.dumpCollections(t.databaseName(), only, to, progress, paced.readBudget()), only);
                gz.close();
            } catch (IOException e) {
                throw sink.failureOr(new SourceException("Dumping database " + t.databaseName() + " of tenant " + t.id()
                        + " into " + where + " failed: " + e.getMessage() + ". Nothing was stored; check the database and try again.", e));
            } catch (RuntimeException e) {
                if (e instanceof BackupException be && !sink.failed()) {
                    throw be;
                }
                throw sink.failureOr(new SourceException("Dumping database " + t.databaseName() + " of tenant " + t.id()
                        + " failed: " + e + ". Nothing was stored.", e));
            }
            if (keeper != null && !keeper.stillHeld()) {
                throw new BackupInProgressException("The lock of tenant " + t.id() + " was lost while backing up (another node "
                        + "may have taken it), so " + name + " was not committed. Check the nodes' clocks and the lock store.");
            }
            StorageObject obj;
            try {
                obj = upload.commit();
            } catch (IOException e) {
                throw new StorageException("Committing the archive " + where + " failed: " + e.getMessage()
                        + ". Nothing was stored; check the storage and try again.", e);
            }
            committed = true;
            Optional<ContentsTee.Result> contents = tee == null ? Optional.empty() : tee.finish(summary);
            return new Manifests.Written(sink.count(), sink.sha256(), summary,
                    key.map(k -> k.id().toString()).orElse(null), obj.lastModified(), level, contents.orElse(null));
        } finally {
            if (!committed) {
                if (tee != null) {
                    tee.abort();
                }
                if (gz != null) {
                    gz.abort();
                }
                upload.abort();
            }
        }
    }

    /**
     * A dump of chosen collections must say so: a summary without the mark would give a partial snapshot a
     * whole-database manifest (a source bug the library does not pass on).
     */
    private DumpSummary requirePartial(DumpSummary d, java.util.Set<String> only) {
        if (!d.onlyCollections().map(l -> new java.util.HashSet<>(l).equals(only)).orElse(false)) {
            throw new SourceException("The database source " + source.describe() + " dumped collections " + new java.util.TreeSet<>(only)
                    + " but did not mark the dump as limited to them (DumpSummary.onlyCollections), so it was not stored. "
                    + "Fix the source: a dump of chosen collections must carry the mark.");
        }
        return d;
    }

    /** Forwards progress to the job and, at most once a second, to the listeners. */
    private final class ProgressThrottle implements ProgressListener {
        private final String tenantId;
        private final Actor actor;
        private final String name;
        private final BiConsumer<Long, Long> sink;
        private long lastEvent = System.nanoTime();

        ProgressThrottle(String tenantId, Actor actor, String name, BiConsumer<Long, Long> sink) {
            this.tenantId = tenantId;
            this.actor = actor;
            this.name = name;
            this.sink = sink;
        }

        @Override
        public void progress(long bytes, long documents) {
            if (sink != null) {
                sink.accept(bytes, documents);
            }
            long now = System.nanoTime();
            if (now - lastEvent >= 1_000_000_000L) {
                lastEvent = now;
                events.emit(BackupEvent.Type.BACKUP_PROGRESS, tenantId, actor, name, Duration.ZERO, bytes, documents, null, null);
            }
        }
    }
}
