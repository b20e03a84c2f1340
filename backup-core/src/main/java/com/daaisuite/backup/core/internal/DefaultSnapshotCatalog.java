package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.PruneReport;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotCatalog;
import com.daaisuite.backup.core.SnapshotDetails;
import com.daaisuite.backup.core.SnapshotInfo;
import com.daaisuite.backup.core.SnapshotManifest;
import com.daaisuite.backup.core.SnapshotPage;
import com.daaisuite.backup.core.SnapshotQuery;
import com.daaisuite.backup.core.SnapshotRetention;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.VerificationReport;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Header;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Listing, inspection, verification, pins and pruning. */
public final class DefaultSnapshotCatalog implements SnapshotCatalog {
    /** The longest a snapshots page waits for its manifests. */
    static final java.time.Duration MANIFEST_PAGE_DEADLINE = java.time.Duration.ofSeconds(60);

    private final DatabaseSource source;
    private final StorageBackend storage;
    private final KeyProvider keys;
    private final Clock clock;
    private final Guards guards;
    private final TenantFolders folders;
    private final Manifests manifests;
    private final Pruner pruner;
    private final Events events;
    private final ExecutorService manifestReaders;
    /** Manifests already read, for paging back and forth; bounded, and emptied when full. */
    private final Map<String, Optional<SnapshotManifest>> manifestCache = new java.util.concurrent.ConcurrentHashMap<>();
    static final int MANIFEST_CACHE_ENTRIES = 20_000;
    private final ContentsService contents;
    private final DrillRecords drills;

    /**
     * @param source parses payloads (verify) and names their format (inspect)
     * @param storage where archives are read and pins deleted
     * @param keys the keys that open archives
     * @param clock "now" for a pin
     * @param guards tenant lookup
     * @param folders the tenant's snapshots and pins
     * @param manifests the manifest beside each archive
     * @param pruner retention on demand
     * @param events where pins are reported
     * @param pools whose manifest readers open a page's manifests in parallel
     * @param origins judges a snapshot's origin for inspect (the same rules as a restore)
     */
    public DefaultSnapshotCatalog(DatabaseSource source, StorageBackend storage, KeyProvider keys, Clock clock, Guards guards,
            TenantFolders folders, Manifests manifests, Pruner pruner, Events events, EnginePools pools, OriginRules origins) {
        this.source = source;
        this.storage = storage;
        this.keys = keys;
        this.clock = clock;
        this.guards = guards;
        this.folders = folders;
        this.manifests = manifests;
        this.pruner = pruner;
        this.events = events;
        this.manifestReaders = pools.manifestReaders();
        this.drills = new DrillRecords(storage, keys, folders);
        this.contents = new ContentsService(source, storage, keys, guards, folders, manifests, events, origins,
                ContentsService.MEMORY_PER_SCAN, ContentsService.defaultSpillParent());
    }

    /** @return the compare engine, shared with the collections restore's preview (one rule in one place) */
    ContentsService contentsService() {
        return contents;
    }

    @Override
    public List<Snapshot> list(Actor actor, String tenantId) {
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.VIEW, t, "list the snapshots of", null);
        return folders.list(t.id()).snapshots();
    }

    @Override
    public List<SnapshotInfo> listWithDetails(Actor actor, String tenantId, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_DETAIL_ROWS) {
            throw new IllegalArgumentException("listWithDetails: offset must be 0 or more and limit 1.." + MAX_DETAIL_ROWS
                    + ", got offset " + offset + " and limit " + limit + "; page through longer lists");
        }
        return listWithDetails(actor, tenantId, new SnapshotQuery(offset, limit, false, Optional.empty())).rows();
    }

    @Override
    public SnapshotPage listWithDetails(Actor actor, String tenantId, SnapshotQuery query) {
        java.util.Objects.requireNonNull(query, "query");
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.VIEW, t, "list the snapshots of", null);
        TenantFolders.Listing l = folders.list(t.id());
        // The listing is newest first; the order and the filter are applied to names, before any manifest is read.
        List<Snapshot> matching = new ArrayList<>(l.snapshots().stream()
                .filter(s -> query.label().map(x -> x == s.label()).orElse(true)).toList());
        if (query.oldestFirst()) {
            java.util.Collections.reverse(matching);
        }
        List<Snapshot> page = matching.stream().skip(query.offset()).limit(query.limit()).toList();
        return new SnapshotPage(query, details(actor, t, l, page), matching.size(), l.snapshots().size());
    }

    private List<SnapshotInfo> details(Actor actor, Tenant t, TenantFolders.Listing l, List<Snapshot> page) {
        // The retention of every row from the whole listing (count rules rank a snapshot among all of its label).
        Map<String, SnapshotRetention> kept = pruner.promises(t, l);
        List<SnapshotInfo> out = new ArrayList<>(page.size());
        for (SnapshotInfo i : manifestsOf(actor, t, l, page)) {
            out.add(new SnapshotInfo(i.snapshot(), i.manifest(), t.zone(), t.active(), kept.getOrDefault(i.snapshot().fileName(),
                    i.retention()), i.drill()));
        }
        return out;
    }

    /** The row with the restore drill kept beside its snapshot, if any (one small sealed read). */
    private SnapshotInfo withDrill(SnapshotInfo i, TenantFolders.Listing l) {
        return new SnapshotInfo(i.snapshot(), i.manifest(), i.zone(), i.tenantActive(), i.retention(), drills.read(l, i.snapshot()));
    }

    private List<SnapshotInfo> manifestsOf(Actor actor, Tenant t, TenantFolders.Listing l, List<Snapshot> page) {
        List<Future<SnapshotInfo>> reads = new ArrayList<>(page.size());
        for (Snapshot s : page) {
            String cacheKey = manifestCacheKey(l, t.id(), s);
            Optional<SnapshotManifest> known = cacheKey == null ? null : manifestCache.get(cacheKey);
            if (known != null) {
                reads.add(manifestReaders.submit(() -> withDrill(new SnapshotInfo(s, known, t.zone(), t.active()), l)));
                continue;
            }
            reads.add(manifestReaders.submit(() -> {
                try {
                    Optional<SnapshotManifest> m = manifests.read(l, t.id(), s.fileName());
                    if (cacheKey != null && m.isPresent()) {
                        if (manifestCache.size() >= MANIFEST_CACHE_ENTRIES) {
                            manifestCache.clear();
                        }
                        manifestCache.put(cacheKey, m);
                    }
                    return withDrill(new SnapshotInfo(s, m, t.zone(), t.active()), l);
                } catch (IntegrityException x) {
                    // One forged or damaged sealed manifest must not hide the page: that row shows no details,
                    // and the failure is on the record.
                    events.simple(BackupEvent.Type.INTEGRITY_FAILURE, t.id(), actor, s.fileName(), "list: " + x.getMessage(), x);
                    // A manifest renamed with its archive names the old name: the row is flagged, not believed.
                    return new SnapshotInfo(s.flaggedWith("its sealed manifest does not describe it (renamed, rolled back"
                            + " or forged): " + x.getMessage()), Optional.empty(), t.zone(), t.active());
                }
            }));
        }
        long deadline = System.nanoTime() + MANIFEST_PAGE_DEADLINE.toNanos();
        List<SnapshotInfo> out = new ArrayList<>(page.size());
        try {
            for (Future<SnapshotInfo> f : reads) {
                out.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
        } catch (TimeoutException x) {
            throw new StorageException("Reading the manifests of " + page.size() + " snapshots of tenant " + t.id() + " from "
                    + storage.describe() + " took longer than " + MANIFEST_PAGE_DEADLINE.toSeconds()
                    + " s. Check that the storage is reachable, or ask for a smaller page.", x);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while reading the manifests of tenant " + t.id(), x);
        } catch (ExecutionException x) {
            // Manifests.read logs and returns empty on failure; anything else is a defect worth surfacing.
            throw new StorageException("Reading a manifest of tenant " + t.id() + " failed: " + x.getCause(), x.getCause());
        } finally {
            reads.forEach(f -> f.cancel(true));
        }
        return out;
    }

    /**
     * Manifests are written once beside their archive; one that is rewritten (a rekey) changes size or
     * time in storage, so those are part of the key. Null (not cached) when there is no manifest object.
     */
    private static String manifestCacheKey(TenantFolders.Listing l, String tenantId, Snapshot s) {
        StorageObject m = l.objects().get(s.encrypted() ? Manifests.sealedNameOf(s.fileName()) : ArchiveNames.manifestOf(s.fileName()));
        if (m == null) {
            return null;
        }
        return tenantId + "/" + s.fileName() + "|" + s.sizeBytes() + "|" + m.size() + "|" + m.lastModified();
    }

    @Override
    public Optional<Snapshot> find(Actor actor, String tenantId, String fileName) {
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.VIEW, t, "find a snapshot of", null);
        StorageKey.requireValidFileName(fileName);
        return folders.list(t.id()).find(fileName);
    }

    @Override
    public SnapshotDetails inspect(Actor actor, String tenantId, String fileName) {
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.VIEW, t, "inspect a snapshot of", null);
        TenantFolders.Listing l = folders.list(t.id());
        Snapshot s = folders.requireSnapshot(l, t.id(), fileName);
        StorageKey key = StorageKey.of(t.id(), fileName);
        String format;
        Optional<String> keyId = Optional.empty();
        Optional<Integer> segment = Optional.empty();
        try (BufferedInputStream in = new BufferedInputStream(storage.openRead(key), ArchiveFormat.BUFFER)) {
            format = ArchiveFormat.detect(in, source);
            if (ArchiveFormat.DBK1.equals(format)) {
                Dbk1Header h = Dbk1.readHeader(in);
                keyId = Optional.of(h.keyId().toString());
                segment = Optional.of(h.segmentSize());
            }
        } catch (IOException x) {
            throw new StorageException("Reading the header of " + key + " from " + storage.describe() + " failed: "
                    + x.getMessage() + ". Check that the storage is reachable.", x);
        }
        try {
            return new SnapshotDetails(s, format, keyId, segment, manifests.read(l, t.id(), fileName));
        } catch (IntegrityException x) {
            events.simple(BackupEvent.Type.INTEGRITY_FAILURE, t.id(), actor, fileName, "inspect: " + x.getMessage(), x);
            throw x;
        }
    }

    @Override
    public com.daaisuite.backup.core.SnapshotContents contents(Actor actor, String tenantId, String fileName) {
        return contents.contents(actor, tenantId, fileName);
    }

    @Override
    public com.daaisuite.backup.core.SnapshotComparison compare(Actor actor, String tenantId, String a, String b, int samples) {
        return contents.compare(actor, tenantId, a, b, samples);
    }

    @Override
    public com.daaisuite.backup.core.SnapshotComparison compareWithLive(Actor actor, String tenantId, String fileName,
            int samples) {
        return contents.compareWithLive(actor, tenantId, fileName, samples);
    }

    @Override
    public List<com.daaisuite.backup.core.DocumentPresence> findDocument(Actor actor, String tenantId, String collection,
            String id) {
        return contents.findDocument(actor, tenantId, collection, id);
    }

    @Override
    public VerificationReport verify(Actor actor, String tenantId, String fileName) {
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.VIEW, t, "verify a snapshot of", null);
        TenantFolders.Listing l = folders.list(t.id());
        Snapshot s = folders.requireSnapshot(l, t.id(), fileName);
        StorageKey key = StorageKey.of(t.id(), fileName);
        // The restore's own checks, through a view that hashes what they read: what restore refuses,
        // verify refuses (docs/restore.md, "verify runs the restore's checks").
        DigestingReads hashed = new DigestingReads(storage);
        long[] archiveBytes = {0};
        DumpSummary stats;
        try (ArchiveProof proof = SnapshotChecks.prove(hashed, keys, source, manifests, l, t.id(), s)) {
            stats = proof.payload();
            archiveBytes[0] = proof.archiveBytes();
        } catch (IOException x) {
            throw audited(t, actor, fileName, Failures.specific(x, c -> new StorageException("Reading " + key + " from "
                    + storage.describe() + " failed: " + c.getMessage() + ". Check that the storage is reachable and try again.", c)));
        } catch (RuntimeException x) {
            throw audited(t, actor, fileName,
                    Failures.specific(x, c -> new SourceException("Parsing the payload of " + key + " failed: " + c, c)));
        }
        String digest = hashed.sha256();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (CollectionSummary c : stats.collections()) {
            counts.put(c.name(), c.documents());
        }
        List<String> problems = new ArrayList<>();
        Optional<SnapshotManifest> manifest;
        try {
            manifest = manifests.read(l, t.id(), fileName);
        } catch (IntegrityException x) {
            throw audited(t, actor, fileName, x);
        }
        if (manifest.isPresent()) {
            SnapshotManifest m = manifest.get();
            if (!m.archiveSha256().equalsIgnoreCase(digest)) {
                problems.add("SHA-256 " + digest + " differs from the manifest's " + m.archiveSha256());
            }
            if (m.archiveBytes() != archiveBytes[0]) {
                problems.add("archive size " + archiveBytes[0] + " differs from the manifest's " + m.archiveBytes());
            }
            boolean parsed = stats.warnings().isEmpty() || !stats.collections().isEmpty() || stats.documents() > 0;
            if (parsed) {
                Map<String, Long> expected = new LinkedHashMap<>();
                for (SnapshotManifest.CollectionEntry c : m.collections()) {
                    expected.put(c.name(), c.documents());
                }
                if (!expected.equals(counts)) {
                    problems.add("documents per collection " + counts + " differ from the manifest's " + expected);
                }
            }
        }
        if (archiveBytes[0] != s.sizeBytes()) {
            problems.add("read " + archiveBytes[0] + " bytes but the listing says " + s.sizeBytes());
        }
        return new VerificationReport(s, problems.isEmpty(), digest, counts, problems);
    }

    /** An archive that cannot be trusted is reported as INTEGRITY_FAILURE before the failure is thrown. */
    private RuntimeException audited(Tenant t, Actor actor, String fileName, RuntimeException x) {
        if (x instanceof IntegrityException) {
            events.simple(BackupEvent.Type.INTEGRITY_FAILURE, t.id(), actor, fileName, "verify: " + x.getMessage(), x);
        }
        return x;
    }

    @Override
    public void pin(Actor actor, String tenantId, String fileName) {
        java.util.Objects.requireNonNull(actor, "actor");
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.RETENTION, t, "pin a snapshot of", null);
        Snapshot s = folders.requireSnapshot(folders.list(t.id()), t.id(), fileName);
        if (s.pinned()) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("archive", fileName);
        m.put("pinnedBy", actor.id());
        m.put("pinnedAt", clock.instant().toString());
        if (!folders.putSmallObject(t.id(), ArchiveNames.pinOf(fileName), Json.write(m).getBytes(StandardCharsets.UTF_8), "pin")) {
            throw new StorageException("Could not pin " + fileName + " of tenant " + t.id() + " in " + storage.describe()
                    + ". Check that the storage is writable and try again.");
        }
        events.simple(BackupEvent.Type.SNAPSHOT_PINNED, t.id(), actor, fileName, "pinned (legal hold)", null);
    }

    @Override
    public void unpin(Actor actor, String tenantId, String fileName) {
        java.util.Objects.requireNonNull(actor, "actor");
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.RETENTION, t, "unpin a snapshot of", null);
        Snapshot s = folders.requireSnapshot(folders.list(t.id()), t.id(), fileName);
        if (!s.pinned()) {
            return;
        }
        try {
            storage.delete(List.of(StorageKey.of(t.id(), ArchiveNames.pinOf(fileName))));
        } catch (IOException x) {
            throw new StorageException("Could not unpin " + fileName + " of tenant " + t.id() + ": " + x.getMessage()
                    + ". Check that the storage is writable and try again.", x);
        }
        events.simple(BackupEvent.Type.SNAPSHOT_PINNED, t.id(), actor, fileName, "unpinned (legal hold released)", null);
    }

    @Override
    public PruneReport prune(Actor actor, String tenantId, boolean dryRun) {
        Tenant t = guards.tenant(tenantId);
        if (dryRun) {
            guards.requirePermission(actor, Permission.VIEW, t, "see what retention would delete of", null);
        } else {
            guards.requirePermission(actor, Permission.DELETE, t, "prune the snapshots of", null);
        }
        return pruner.prune(t, dryRun, actor);
    }

    @Override
    public void delete(Actor actor, String tenantId, String fileName) {
        Tenant t = guards.tenant(tenantId);
        StorageKey.requireValidFileName(fileName);
        guards.requirePermission(actor, Permission.DELETE, t, "delete a snapshot of", fileName);
        pruner.delete(t, fileName, actor);
    }
}
