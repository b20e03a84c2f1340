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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
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
     */
    public DefaultSnapshotCatalog(DatabaseSource source, StorageBackend storage, KeyProvider keys, Clock clock, Guards guards,
            TenantFolders folders, Manifests manifests, Pruner pruner, Events events, EnginePools pools) {
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
        this.contents = new ContentsService(source, storage, keys, guards, folders, manifests, events,
                ContentsService.MEMORY_PER_SCAN, ContentsService.defaultSpillParent());
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
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.VIEW, t, "list the snapshots of", null);
        TenantFolders.Listing l = folders.list(t.id());
        List<Snapshot> page = l.snapshots().stream().skip(offset).limit(limit).toList();
        List<Future<SnapshotInfo>> reads = new ArrayList<>(page.size());
        for (Snapshot s : page) {
            reads.add(manifestReaders.submit(() -> {
                try {
                    return new SnapshotInfo(s, manifests.read(l, t.id(), s.fileName()), t.zone(), t.active(), drills.read(l, s));
                } catch (IntegrityException x) {
                    // One forged or damaged sealed manifest must not hide the page: that row shows no details,
                    // and the failure is on the record.
                    events.simple(BackupEvent.Type.INTEGRITY_FAILURE, t.id(), actor, s.fileName(), "list: " + x.getMessage(), x);
                    return new SnapshotInfo(s, Optional.empty(), t.zone(), t.active());
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
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", x);
        }
        long[] archiveBytes = {0};
        DumpSummary stats;
        try (InputStream raw = storage.openRead(key)) {
            InputStream hashed = new FilterInputStream(raw) {
                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        sha.update((byte) b);
                        archiveBytes[0]++;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    if (n > 0) {
                        sha.update(b, off, n);
                        archiveBytes[0] += n;
                    }
                    return n;
                }

                @Override
                public long skip(long n) throws IOException {
                    // Every byte must pass through the digest.
                    long done = 0;
                    while (done < n && read() >= 0) {
                        done++;
                    }
                    return done;
                }
            };
            ArchiveFormat.Opened o = ArchiveFormat.openNamed(hashed, keys, t.id(), source, key);
            stats = source.inspectPayload(o.payload());
            ArchiveFormat.drain(o.payload());
            ArchiveFormat.drain(hashed);
        } catch (IOException x) {
            throw audited(t, actor, fileName, Failures.specific(x, c -> new StorageException("Reading " + key + " from "
                    + storage.describe() + " failed: " + c.getMessage() + ". Check that the storage is reachable and try again.", c)));
        } catch (RuntimeException x) {
            throw audited(t, actor, fileName,
                    Failures.specific(x, c -> new SourceException("Parsing the payload of " + key + " failed: " + c, c)));
        }
        String digest = HexFormat.of().formatHex(sha.digest());
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
