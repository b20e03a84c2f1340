package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupInProgressException;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupService;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.BackupsSettings;
import com.daaisuite.backup.core.ObjectExistsException;
import com.daaisuite.backup.core.PruneReport;
import com.daaisuite.backup.core.QuotaExceededException;
import com.daaisuite.backup.core.RestoreService;
import com.daaisuite.backup.core.RetentionPolicy;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotCatalog;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.UnknownTenantException;
import com.daaisuite.backup.core.spi.AccessPolicy;
import com.daaisuite.backup.core.spi.BackupListener;
import com.daaisuite.backup.core.spi.BackupLock;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.Lease;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.QuotaPolicy;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.KeyMissingException;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a {@link com.daaisuite.backup.core.Backups} shares: the plugins, the pools, the
 * backup pipeline (dump -> gzip -> DBK1 -> storage) and the catalog primitives. The three services
 * are thin layers over it.
 */
public final class BackupsEngine {
    private static final Logger LOG = LoggerFactory.getLogger(BackupsEngine.class);
    /** Lease length; renewed every third of it while work runs. */
    static final Duration LOCK_TTL = Duration.ofMinutes(2);
    static final String LIBRARY_VERSION = loadVersion();

    final BackupsSettings settings;
    final DatabaseSource source;
    final boolean ownsSource;
    final StorageBackend storage;
    final boolean ownsStorage;
    final KeyProvider keys;
    final TenantDirectory tenants;
    final AccessPolicy access;
    final MaintenanceGate gate;
    final QuotaPolicy quota;
    final BackupLock lock;
    final RetentionPolicy retention;
    final Clock clock;
    final Dbk1Options dbk1Options;
    final Events events;

    final ThreadPoolExecutor workers;
    final ExecutorService compression;
    final ScheduledExecutorService scheduler;
    final Map<String, String> lastFailure = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private final DefaultBackupService backupService;
    private final DefaultRestoreService restoreService;
    private final DefaultSnapshotCatalog catalog;

    /**
     * @param settings the validated settings
     * @param source the database source
     * @param ownsSource whether {@link #close()} closes it (it was created from a URI)
     * @param storage the storage backend
     * @param ownsStorage whether {@link #close()} closes it
     * @param keys the key provider
     * @param tenants the tenant directory
     * @param access the access policy
     * @param gate the maintenance gate
     * @param quota the quota policy
     * @param lock the per-tenant lock
     * @param listeners the event listeners
     * @param retention the retention policy
     * @param clock the clock
     * @param dbk1Options DBK1 options
     */
    public BackupsEngine(BackupsSettings settings, DatabaseSource source, boolean ownsSource, StorageBackend storage,
            boolean ownsStorage, KeyProvider keys, TenantDirectory tenants, AccessPolicy access, MaintenanceGate gate,
            QuotaPolicy quota, BackupLock lock, List<BackupListener> listeners, RetentionPolicy retention, Clock clock,
            Dbk1Options dbk1Options) {
        this.settings = settings;
        this.source = source;
        this.ownsSource = ownsSource;
        this.storage = storage;
        this.ownsStorage = ownsStorage;
        this.keys = keys;
        this.tenants = tenants;
        this.access = access;
        this.gate = gate;
        this.quota = quota;
        this.lock = lock;
        this.retention = retention;
        this.clock = clock;
        this.dbk1Options = dbk1Options;
        this.events = new Events(List.copyOf(listeners), clock);
        int max = settings.maxConcurrentBackups();
        this.workers = new ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads("daai-backup-worker"));
        this.workers.allowCoreThreadTimeOut(true);
        this.compression = Executors.newFixedThreadPool(settings.compressionThreads(), threads("daai-backup-gzip"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("daai-backup-lease"));
        this.backupService = new DefaultBackupService(this);
        this.restoreService = new DefaultRestoreService(this);
        this.catalog = new DefaultSnapshotCatalog(this);
        // JDK 17's AES-GCM runs at ~77 MB/s until C2 compiles its large-message path (seconds of work);
        // warming it once in the background keeps the first backup after start-up from paying for that.
        Thread warm = threads("daai-backup-gcm-warmup").newThread(Dbk1::warmUp);
        warm.setPriority(Thread.MIN_PRIORITY);
        warm.start();
    }

    /** @return the backup service */
    public BackupService backupService() {
        return backupService;
    }

    /** @return the restore service */
    public RestoreService restoreService() {
        return restoreService;
    }

    /** @return the catalog */
    public SnapshotCatalog catalog() {
        return catalog;
    }

    /** @return the settings */
    public BackupsSettings settings() {
        return settings;
    }

    /** Stops accepting work, waits briefly for running jobs, closes owned plugins. */
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Backups closed while backups were still running; they are interrupted and leave nothing behind");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        compression.shutdownNow();
        scheduler.shutdownNow();
        if (ownsSource) {
            closeQuietly(source, "database source");
        }
        if (ownsStorage) {
            closeQuietly(storage, "storage backend");
        }
    }

    private static void closeQuietly(AutoCloseable c, String what) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("Closing the {} failed", what, e);
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String loadVersion() {
        try (InputStream in = BackupsEngine.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            LOG.debug("version.properties unreadable", e);
        }
        return "unknown";
    }

    // ------------------------------------------------------------------ tenants, listing

    Tenant tenant(String tenantId) {
        StorageKey.requireValidTenantId(tenantId);
        return tenants.find(tenantId).orElseThrow(() -> new UnknownTenantException("The tenant directory does not know tenant '"
                + tenantId + "'. Check the id, or that the host's TenantDirectory serves it."));
    }

    /** One listing of a tenant's folder: the snapshots and every object name (manifests, pins). */
    record Listing(List<Snapshot> snapshots, Map<String, StorageObject> objects) {
        Set<String> names() {
            return objects.keySet();
        }

        Optional<Snapshot> find(String fileName) {
            return snapshots.stream().filter(s -> s.fileName().equals(fileName)).findFirst();
        }

        Optional<Snapshot> newest() {
            return snapshots.isEmpty() ? Optional.empty() : Optional.of(snapshots.get(0));
        }
    }

    Listing list(String tenantId) {
        List<StorageObject> objs;
        try {
            objs = storage.list(tenantId);
        } catch (IOException e) {
            throw new StorageException("Listing the backups of tenant " + tenantId + " in " + storage.describe()
                    + " failed: " + e.getMessage() + ". Check that the storage is reachable and readable.", e);
        }
        Map<String, StorageObject> byName = new HashMap<>();
        for (StorageObject o : objs) {
            byName.put(o.key().fileName(), o);
        }
        List<ArchiveNames.Parsed> parsed = new ArrayList<>();
        for (String name : byName.keySet()) {
            ArchiveNames.parse(name).ifPresent(parsed::add);
        }
        parsed.sort(ArchiveNames.NEWEST_FIRST);
        List<Snapshot> snaps = new ArrayList<>(parsed.size());
        for (ArchiveNames.Parsed p : parsed) {
            snaps.add(new Snapshot(tenantId, p.fileName(), p.label(), p.createdAt(), byName.get(p.fileName()).size(),
                    p.encrypted(), byName.containsKey(ArchiveNames.pinOf(p.fileName()))));
        }
        return new Listing(List.copyOf(snaps), Map.copyOf(byName));
    }

    Snapshot requireSnapshot(Listing l, String tenantId, String fileName) {
        StorageKey.requireValidFileName(fileName);
        return l.find(fileName).orElseThrow(() -> new SnapshotNotFoundException("Tenant " + tenantId
                + " has no snapshot named " + fileName + " in " + storage.describe()
                + ". List the tenant's snapshots to see the file names that exist."));
    }

    // ------------------------------------------------------------------ locks

    Optional<LeaseKeeper> tryLock(String tenantId, String operation) {
        Optional<Lease> lease = lock.tryAcquire(tenantId, settings.nodeName() + ":" + operation, LOCK_TTL);
        return lease.map(l -> new LeaseKeeper(l, scheduler, LOCK_TTL));
    }

    BackupInProgressException busy(String tenantId, String what) {
        return new BackupInProgressException("Cannot " + what + " tenant " + tenantId
                + ": another backup, prune or restore of it is running (its lock is held). Wait for it to finish and try again.");
    }

    void markRunning(String tenantId, boolean on) {
        if (on) {
            running.computeIfAbsent(tenantId, k -> new AtomicInteger()).incrementAndGet();
        } else {
            running.computeIfPresent(tenantId, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
        }
    }

    // ------------------------------------------------------------------ the backup pipeline

    static SnapshotLabel labelFor(Tenant t, BackupTrigger trigger) {
        return switch (trigger) {
            case SCHEDULED -> t.frequency();
            case MANUAL -> SnapshotLabel.MANUAL;
            case PRE_RESTORE -> SnapshotLabel.PRE_RESTORE;
        };
    }

    /** The current key, or empty for an allowed plaintext backup; refuses (with an event) otherwise. */
    Optional<MasterKey> requireKey(Tenant t, Actor actor, BackupEvent.Type refusalType) {
        Optional<MasterKey> key;
        try {
            key = keys.currentKey();
        } catch (BackupException e) {
            events.simple(refusalType, t.id(), actor, null, "the encryption key is not usable: " + e.getMessage(), e);
            lastFailure.put(t.id(), e.getMessage());
            throw e;
        }
        if (key.isEmpty() && !settings.allowPlaintext()) {
            KeyMissingException e = new KeyMissingException("No encryption key is configured, so no backup of tenant " + t.id()
                    + " was made and nothing was written. Set BACKUP_ENCRYPTION_KEY (32 random bytes, base64 or hex; "
                    + "generate one with: openssl rand -base64 32) or give Backups.builder() a key provider.");
            events.simple(refusalType, t.id(), actor, null, "no encryption key is configured", e);
            lastFailure.put(t.id(), e.getMessage());
            throw e;
        }
        return key;
    }

    /** The quota headroom, after refusing (with an event) a backup whose estimate does not fit. */
    OptionalLong checkQuota(Tenant t, Actor actor, Listing listing, BackupEvent.Type refusalType) {
        OptionalLong headroom = quota.headroomBytes(t);
        if (headroom.isEmpty()) {
            return headroom;
        }
        long estimate = listing.newest().map(Snapshot::sizeBytes).orElse(0L);
        long h = headroom.getAsLong();
        if (h <= 0 || estimate > h) {
            QuotaExceededException e = new QuotaExceededException("A backup of tenant " + t.id() + " would exceed its storage quota: "
                    + Math.max(0, h) + " bytes are left and the last snapshot took " + estimate
                    + " bytes. Nothing was written. Free space, prune old snapshots or raise the quota.");
            events.simple(refusalType, t.id(), actor, null, "storage quota: " + Math.max(0, h) + " bytes left, about "
                    + estimate + " needed", e);
            lastFailure.put(t.id(), e.getMessage());
            throw e;
        }
        return headroom;
    }

    /**
     * Takes one backup; the caller holds the tenant's lock. Refusals and failures are events and
     * leave nothing in storage.
     */
    BackupResult backupLocked(Tenant t, BackupTrigger trigger, Actor actor, String note, LeaseKeeper keeper,
            BiConsumer<Long, Long> progressSink) {
        SnapshotLabel label = labelFor(t, trigger);
        Optional<MasterKey> key = requireKey(t, actor, BackupEvent.Type.BACKUP_REFUSED);
        Listing listing = list(t.id());
        OptionalLong headroom = checkQuota(t, actor, listing, BackupEvent.Type.BACKUP_REFUSED);
        Instant started = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        boolean encrypted = key.isPresent();
        String name = ArchiveNames.freeName(label, started, encrypted, listing.names());
        events.simple(BackupEvent.Type.BACKUP_STARTED, t.id(), actor, name, trigger.name().toLowerCase(java.util.Locale.ROOT)
                + " backup of database " + t.databaseName(), null);
        markRunning(t.id(), true);
        try {
            Written w = null;
            for (int attempt = 1; w == null; attempt++) {
                try {
                    w = write(t, name, key, headroom, keeper, actor, progressSink);
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
            Snapshot snap = new Snapshot(t.id(), name, label, started, w.archiveBytes, encrypted, false);
            DumpSummary d = w.summary;
            Map<String, Long> counts = new LinkedHashMap<>();
            for (CollectionSummary c : d.collections()) {
                counts.put(c.name(), c.documents());
            }
            writeManifest(t, snap, w, trigger, actor, note, duration);
            lastFailure.remove(t.id());
            events.emit(BackupEvent.Type.BACKUP_COMPLETED, t.id(), actor, name, duration, w.archiveBytes, d.documents(),
                    d.collections().size() + " collections, " + d.documents() + " documents, " + w.archiveBytes
                            + " archive bytes" + (encrypted ? "" : ", plaintext"), null);
            if (!d.pointInTime()) {
                events.simple(BackupEvent.Type.SNAPSHOT_NOT_POINT_IN_TIME, t.id(), actor, name,
                        d.warnings().isEmpty() ? "the dump was not a point-in-time snapshot" : String.join("; ", d.warnings()), null);
            }
            return new BackupResult(snap, d.documents(), d.payloadBytes(), counts, d.pointInTime(), duration,
                    note == null ? "" : note);
        } catch (RuntimeException e) {
            lastFailure.put(t.id(), String.valueOf(e.getMessage()));
            events.emit(BackupEvent.Type.BACKUP_FAILED, t.id(), actor, name, Duration.ofNanos(System.nanoTime() - t0), 0, 0,
                    String.valueOf(e.getMessage()), e);
            throw e;
        } finally {
            markRunning(t.id(), false);
        }
    }

    private record Written(long archiveBytes, String sha256, DumpSummary summary, String keyId, Instant committedAt) {}

    private Written write(Tenant t, String name, Optional<MasterKey> key, OptionalLong headroom, LeaseKeeper keeper,
            Actor actor, BiConsumer<Long, Long> progressSink) {
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
        ArchiveSink sink = new ArchiveSink(upload, headroom, t.id(), where);
        try {
            OutputStream enc = key.isPresent() ? Dbk1.encrypt(sink, key.get(), t.id(), dbk1Options) : sink;
            gz = new ParallelGzipOutputStream(enc, settings.compressionLevel(), compression,
                    2 * settings.compressionThreads(), ParallelGzipOutputStream.DEFAULT_MEMBER_SIZE);
            ProgressThrottle progress = new ProgressThrottle(t.id(), actor, name, progressSink);
            DumpSummary summary;
            try {
                summary = source.dump(t.databaseName(), gz, progress);
                gz.close();
            } catch (IOException e) {
                throw sink.failureOr(new SourceException("Dumping database " + t.databaseName() + " of tenant " + t.id()
                        + " into " + where + " failed: " + e.getMessage() + ". Nothing was stored; check the database and try again.", e));
            } catch (RuntimeException e) {
                if (e instanceof BackupException be && sink.failure == null) {
                    throw be;
                }
                throw sink.failureOr(new SourceException("Dumping database " + t.databaseName() + " of tenant " + t.id()
                        + " failed: " + e + ". Nothing was stored.", e));
            }
            if (keeper != null && keeper.lost()) {
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
            return new Written(sink.count, HexFormat.of().formatHex(sink.digest.digest()), summary,
                    key.map(k -> k.id().toString()).orElse(null), obj.lastModified());
        } finally {
            if (!committed) {
                if (gz != null) {
                    gz.abort();
                }
                upload.abort();
            }
        }
    }

    /**
     * The bottom of the pipeline: counts and hashes archive bytes, enforces the quota while writing,
     * and turns storage write failures into {@link StorageException} (remembered, so that a source
     * that wraps exceptions cannot hide the real cause). Closing it does not close the upload: only
     * commit publishes.
     */
    private static final class ArchiveSink extends OutputStream {
        final StorageUpload upload;
        final OptionalLong headroom;
        final String tenantId;
        final String where;
        final MessageDigest digest;
        long count;
        RuntimeException failure;

        ArchiveSink(StorageUpload upload, OptionalLong headroom, String tenantId, String where) {
            this.upload = upload;
            this.headroom = headroom;
            this.tenantId = tenantId;
            this.where = where;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
            }
        }

        RuntimeException failureOr(RuntimeException other) {
            return failure != null ? failure : other;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (failure != null) {
                throw failure;
            }
            if (headroom.isPresent() && count + len > headroom.getAsLong()) {
                failure = new QuotaExceededException("The backup of tenant " + tenantId + " grew past its storage quota ("
                        + headroom.getAsLong() + " bytes left) while writing " + where
                        + "; it was aborted and nothing was left behind. Free space, prune old snapshots or raise the quota.");
                throw failure;
            }
            try {
                upload.write(b, off, len);
            } catch (IOException e) {
                failure = new StorageException("Writing the archive " + where + " failed: " + e.getMessage()
                        + ". Nothing was stored; check the storage (space, permissions, network) and try again.", e);
                throw failure;
            }
            digest.update(b, off, len);
            count += len;
        }

        @Override
        public void close() {
            // Only commit publishes; closing the stream chain must not abort or finish the upload.
        }
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

    private void writeManifest(Tenant t, Snapshot snap, Written w, BackupTrigger trigger, Actor actor, String note,
            Duration duration) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("manifestVersion", 1);
        m.put("tenantId", t.id());
        m.put("archive", snap.fileName());
        m.put("label", snap.label().label());
        m.put("trigger", trigger.name().toLowerCase(java.util.Locale.ROOT));
        m.put("createdAt", snap.createdAt().toString());
        m.put("encrypted", snap.encrypted());
        m.put("keyId", w.keyId);
        m.put("segmentSize", snap.encrypted() ? dbk1Options.segmentSize() : null);
        m.put("compressionLevel", settings.compressionLevel());
        m.put("archiveBytes", w.archiveBytes);
        m.put("archiveSha256", w.sha256);
        m.put("payloadFormat", source.payloadFormat());
        m.put("payloadBytes", w.summary.payloadBytes());
        m.put("database", w.summary.database());
        m.put("documents", w.summary.documents());
        List<Object> cols = new ArrayList<>();
        for (CollectionSummary c : w.summary.collections()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("type", c.type());
            cm.put("documents", c.documents());
            cm.put("bytes", c.bytes());
            cm.put("indexes", c.indexes());
            cols.add(cm);
        }
        m.put("collections", cols);
        m.put("pointInTime", w.summary.pointInTime());
        m.put("serverVersion", w.summary.serverVersion());
        m.put("warnings", w.summary.warnings());
        m.put("durationMillis", duration.toMillis());
        m.put("committedAt", w.committedAt == null ? null : w.committedAt.toString());
        m.put("libraryVersion", LIBRARY_VERSION);
        m.put("node", settings.nodeName());
        m.put("actor", actor == null ? null : actor.id());
        m.put("note", note == null ? "" : note);
        putSmallObject(t.id(), ArchiveNames.manifestOf(snap.fileName()), Json.write(m), "manifest");
    }

    /** Writes a small object (manifest, pin); failures are logged: the archive is the truth. */
    boolean putSmallObject(String tenantId, String fileName, String json, String what) {
        StorageKey key = StorageKey.of(tenantId, fileName);
        try (StorageUpload up = storage.openUpload(key)) {
            up.write(json.getBytes(StandardCharsets.UTF_8));
            up.commit();
            return true;
        } catch (ObjectExistsException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not write the {} {}: {}", what, key, e.toString());
            return false;
        }
    }

    Optional<Map<String, Object>> readManifest(Listing l, String tenantId, String archive) {
        String name = ArchiveNames.manifestOf(archive);
        if (!l.names().contains(name)) {
            return Optional.empty();
        }
        try (InputStream in = storage.openRead(StorageKey.of(tenantId, name))) {
            byte[] bytes = in.readNBytes(1 << 20);
            return Optional.of(Json.readObject(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not read the manifest {}/{}: {}", tenantId, name, e.toString());
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ retention

    PruneReport pruneLocked(Tenant t, boolean dryRun, Actor actor) {
        Instant now = clock.instant();
        Listing l = list(t.id());
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
            Set<String> names = list(t.id()).names();
            List<Snapshot> late = prune.stream().filter(s -> names.contains(ArchiveNames.pinOf(s.fileName()))).toList();
            prune.removeAll(late);
            kept.addAll(late);
            for (Snapshot s : prune) {
                Collection<StorageKey> keysToDelete = List.of(StorageKey.of(t.id(), s.fileName()),
                        StorageKey.of(t.id(), ArchiveNames.manifestOf(s.fileName())));
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
        kept.sort(java.util.Comparator.comparing(Snapshot::createdAt).reversed());
        return new PruneReport(t.id(), dryRun, prune, kept);
    }

    /** Retention after a successful backup; a failure is logged, never fails the backup. */
    void retentionAfterBackup(Tenant t) {
        try {
            pruneLocked(t, false, Actor.system("retention"));
        } catch (RuntimeException e) {
            LOG.warn("Retention after the backup of tenant {} failed; it runs again after the next backup", t.id(), e);
        }
    }

    // ------------------------------------------------------------------ failures

    /** The most specific exception to report: an integrity failure anywhere in the chain wins. */
    static RuntimeException specific(Throwable e, java.util.function.Function<Throwable, RuntimeException> otherwise) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IntegrityException ie) {
                return ie;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        if (e instanceof BackupException be) {
            return be;
        }
        return otherwise.apply(e);
    }
}
