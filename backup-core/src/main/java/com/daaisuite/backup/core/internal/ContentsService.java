package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.CollectionComparison;
import com.daaisuite.backup.core.InvalidSelectionException;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.CollectionContents;
import com.daaisuite.backup.core.DocumentPresence;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotCatalog;
import com.daaisuite.backup.core.SnapshotComparison;
import com.daaisuite.backup.core.SnapshotContents;
import com.daaisuite.backup.core.SnapshotManifest;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.ContentsReader;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.DocumentVisitor;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Inspect, compare and find (docs/operations.md, "Choosing a restore point"): the catalog's
 * document-level reads, on the contents engine ({@link ContentsScan}, {@link ContentsDigest},
 * {@link ContentsComparer}). Every operation needs VIEW, reads and changes nothing, and removes its
 * spill folders before it returns or throws.
 */
final class ContentsService {
    /** What one scan may hold in memory before it spills: two scans run at once in a comparison. */
    static final long MEMORY_PER_SCAN = 16L << 20;

    private final DatabaseSource source;
    private final StorageBackend storage;
    private final KeyProvider keys;
    private final Guards guards;
    private final TenantFolders folders;
    private final Manifests manifests;
    private final Events events;
    private final OriginRules origins;
    private final long memoryPerScan;
    private final Path spillParent;
    private final LiveContents live;

    ContentsService(DatabaseSource source, StorageBackend storage, KeyProvider keys, Guards guards, TenantFolders folders,
            Manifests manifests, Events events, OriginRules origins, long memoryPerScan, Path spillParent) {
        this.source = source;
        this.origins = origins;
        this.storage = storage;
        this.keys = keys;
        this.guards = guards;
        this.folders = folders;
        this.manifests = manifests;
        this.events = events;
        this.memoryPerScan = memoryPerScan;
        this.spillParent = spillParent;
        this.live = new LiveContents(source, memoryPerScan, spillParent);
    }

    /** The JVM's temporary folder: where spills go unless a test says otherwise. */
    static Path defaultSpillParent() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    SnapshotContents contents(Actor actor, String tenantId, String fileName) {
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.VIEW, t, "inspect the contents of a snapshot of", fileName);
        TenantFolders.Listing l = folders.list(t.id());
        Snapshot s = folders.requireSnapshot(l, t.id(), fileName);
        return contentsOf(t, actor, l, s);
    }

    /** What {@code s} holds, from its manifest's recorded digests or computed from its archive; no permission check. */
    SnapshotContents contentsOf(Tenant t, Actor actor, TenantFolders.Listing l, Snapshot s) {
        Optional<SnapshotManifest> m = manifest(l, t, actor, s);
        String note = m.map(SnapshotManifest::note).orElse("");
        Optional<String> by = m.flatMap(SnapshotManifest::actor);
        if (m.isPresent() && m.get().hasContentsDigests()) {
            List<CollectionContents> cols = new ArrayList<>();
            for (SnapshotManifest.CollectionEntry c : m.get().collections()) {
                cols.add(new CollectionContents(c.name(), c.type(), c.documents(), c.bytes(), c.indexNames(),
                        c.contentsDigest().orElseThrow()));
            }
            return new SnapshotContents(s, m.get().database(), note, by, origins.judge(t.id(), s, l).origin(), cols,
                    m.get().contentsDigest().orElseThrow(), true);
        }
        ContentsReader reader = live.reader("inspect the contents of");
        try (ContentsScan scan = scanArchive(t, actor, s, reader, Set.of(), "inspect")) {
            Map<String, String> digests = ContentsDigest.collections(scan, Map.of());
            List<CollectionContents> cols = new ArrayList<>();
            for (ContentsScan.Collection c : scan.collections().values()) {
                cols.add(new CollectionContents(c.name, c.type, c.documents, c.bytes, c.indexNames, digests.get(c.name)));
            }
            return new SnapshotContents(s, m.map(SnapshotManifest::database).orElse(t.databaseName()), note, by,
                    origins.judge(t.id(), s, l).origin(), cols, ContentsDigest.snapshot(digests), false);
        } catch (IOException e) {
            throw spillFailure(e);
        }
    }

    SnapshotComparison compare(Actor actor, String tenantId, String a, String b, int samples) {
        requireSamples(samples);
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.VIEW, t, "compare snapshots of", a);
        TenantFolders.Listing l = folders.list(t.id());
        Snapshot sa = folders.requireSnapshot(l, t.id(), a);
        Snapshot sb = folders.requireSnapshot(l, t.id(), b);
        ContentsReader reader = live.reader("compare snapshots of");
        Optional<SnapshotManifest> ma = manifest(l, t, actor, sa);
        Optional<SnapshotManifest> mb = manifest(l, t, actor, sb);
        Set<String> knownSame = knownSame(ma, mb);
        Set<String> only = PartialScopes.common(ma, mb);
        List<ContentsScan> scans = both(() -> scanArchive(t, actor, sa, reader, knownSame, only, "compare"),
                () -> scanArchive(t, actor, sb, reader, knownSame, only, "compare"));
        try (ContentsScan x = scans.get(0); ContentsScan y = scans.get(1)) {
            return new SnapshotComparison(t.id(), a, b, within(only, ContentsComparer.compare(x, y, knownSame, samples,
                    reader::idToText)));
        } catch (IOException e) {
            throw spillFailure(e);
        }
    }

    SnapshotComparison compareWithLive(Actor actor, String tenantId, String fileName, int samples) {
        requireSamples(samples);
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.VIEW, t, "compare the live database with a snapshot of", fileName);
        TenantFolders.Listing l = folders.list(t.id());
        Snapshot s = folders.requireSnapshot(l, t.id(), fileName);
        ContentsReader reader = live.reader("compare the live database of");
        // A forged sealed manifest is reported; a partial snapshot is compared on the collections it holds.
        Set<String> only = PartialScopes.common(manifest(l, t, actor, s), Optional.empty());
        List<ContentsScan> scans = both(() -> scanArchive(t, actor, s, reader, Set.of(), only, "compare"),
                () -> live.scan(t, t.databaseName(), reader, only));
        try (ContentsScan x = scans.get(0); ContentsScan y = scans.get(1)) {
            return new SnapshotComparison(t.id(), fileName, SnapshotComparison.LIVE,
                    within(only, ContentsComparer.compare(x, y, Set.of(), samples, reader::idToText)));
        } catch (IOException e) {
            throw spillFailure(e);
        }
    }

    /**
     * The collections restore's preview (one rule with {@link #compareWithLive}): the chosen collections of
     * {@code s} compared with the live ones, A = the snapshot, B = live; only their documents are entered.
     * No permission check (the restore service checks RESTORE).
     *
     * @throws InvalidSelectionException if a chosen collection is not in the snapshot
     */
    List<CollectionComparison> compareCollectionsWithLive(Tenant t, Actor actor, TenantFolders.Listing l, Snapshot s,
            Set<String> chosen, int samples) {
        requireSamples(samples);
        ContentsReader reader = live.reader("preview a collections restore of");
        manifest(l, t, actor, s);
        List<ContentsScan> scans = both(() -> scanArchive(t, actor, s, reader, Set.of(), chosen, "preview a collections restore"),
                () -> live.scan(t, t.databaseName(), reader, chosen));
        try (ContentsScan x = scans.get(0); ContentsScan y = scans.get(1)) {
            requireInSnapshot(t, s, chosen, x.collections().keySet());
            List<CollectionComparison> out = new ArrayList<>();
            for (CollectionComparison c : ContentsComparer.compare(x, y, Set.of(), samples, reader::idToText)) {
                if (chosen.contains(c.name())) {
                    out.add(c);
                }
            }
            return out;
        } catch (IOException e) {
            throw spillFailure(e);
        }
    }

    /**
     * Refuses a collections restore that names a collection the snapshot does not hold (one rule for the
     * preview and the restore).
     *
     * @param held the snapshot's collections, read from its authenticated payload
     */
    static void requireInSnapshot(Tenant t, Snapshot s, Set<String> chosen, java.util.Collection<String> held) {
        List<String> missing = chosen.stream().filter(c -> !held.contains(c)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new InvalidSelectionException("The snapshot " + s.fileName() + " of tenant " + t.id() + " holds no collection "
                    + String.join(", ", missing.stream().map(m -> "'" + m + "'").toList()) + ", so nothing was restored or "
                    + "changed. Choose collections the snapshot holds (its contents list them), or restore the whole database.");
        }
    }

    List<DocumentPresence> findDocument(Actor actor, String tenantId, String collection, String idText) {
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.VIEW, t, "find a document in the snapshots of", null);
        if (collection == null || collection.isEmpty()) {
            throw new IllegalArgumentException("Name the collection to look in");
        }
        ContentsReader reader = live.reader("find a document in the snapshots of");
        byte[] id;
        try {
            id = reader.idFromText(idText);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The id '" + idText + "' is not a document identity: " + e.getMessage()
                    + ". Write canonical extended JSON (such as {\"$oid\": \"...\"}) or a plain string or number.", e);
        }
        TenantFolders.Listing l = folders.list(t.id());
        // What was found per recorded digest of the collection: a snapshot with the same digest holds the same document.
        Map<String, Optional<String>> byCollectionDigest = new HashMap<>();
        List<Optional<String>> found = new ArrayList<>();
        List<Boolean> read = new ArrayList<>();
        List<Snapshot> considered = new ArrayList<>();
        for (Snapshot s : l.snapshots()) {
            Optional<SnapshotManifest> m = manifest(l, t, actor, s);
            if (!PartialScopes.covers(m, collection)) {
                continue; // a partial snapshot says nothing about a collection it does not hold
            }
            considered.add(s);
            Optional<SnapshotManifest.CollectionEntry> entry = m.flatMap(x -> x.collections().stream()
                    .filter(c -> c.name().equals(collection)).findFirst());
            Optional<String> recorded = entry.flatMap(SnapshotManifest.CollectionEntry::contentsDigest);
            if (m.isPresent() && m.get().hasContentsDigests() && entry.isEmpty()) {
                found.add(Optional.empty());
                read.add(false);
            } else if (recorded.isPresent() && byCollectionDigest.containsKey(recorded.get())) {
                found.add(byCollectionDigest.get(recorded.get()));
                read.add(false);
            } else {
                Optional<String> digest = findIn(t, actor, s, reader, collection, id);
                recorded.ifPresent(r -> byCollectionDigest.put(r, digest));
                found.add(digest);
                read.add(true);
            }
        }
        List<DocumentPresence> out = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            Snapshot s = considered.get(i);
            boolean changed = i + 1 < found.size() && !found.get(i).equals(found.get(i + 1));
            out.add(new DocumentPresence(s.fileName(), s.createdAt(), found.get(i).isPresent(), found.get(i), changed, read.get(i)));
        }
        return out;
    }

    private static List<CollectionComparison> within(Set<String> only, List<CollectionComparison> all) {
        return only == null ? all : all.stream().filter(c -> only.contains(c.name())).toList();
    }

    /** Thrown by the one-document visitor to stop reading once the document is found. */
    private static final class Found extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String digest;

        Found(String digest) {
            super(null, null, false, false);
            this.digest = digest;
        }
    }

    private Optional<String> findIn(Tenant t, Actor actor, Snapshot s, ContentsReader reader, String collection, byte[] id) {
        DocumentVisitor visitor = new DocumentVisitor() {
            @Override
            public void collection(String name, String type, List<String> indexNames) {}

            @Override
            public void document(String c, byte[] docId, byte[] document) {
                if (c.equals(collection) && Arrays.equals(docId, id)) {
                    throw new Found(ContentsDigest.hex(ContentsScan.sha256().digest(document)));
                }
            }
        };
        try {
            readArchive(t, actor, s, reader, visitor, "find");
            return Optional.empty();
        } catch (Found f) {
            return Optional.of(f.digest);
        }
    }

    private ContentsScan scanArchive(Tenant t, Actor actor, Snapshot s, ContentsReader reader, Set<String> uncollected,
            String operation) {
        return scanArchive(t, actor, s, reader, uncollected, null, operation);
    }

    private ContentsScan scanArchive(Tenant t, Actor actor, Snapshot s, ContentsReader reader, Set<String> uncollected,
            Set<String> only, String operation) {
        ContentsScan scan = new ContentsScan(memoryPerScan, spillParent, uncollected, only);
        try {
            readArchive(t, actor, s, reader, scan, operation);
            return scan;
        } catch (RuntimeException e) {
            scan.close();
            throw e;
        }
    }

    /** Reads a stored snapshot's whole payload into a visitor: authenticated, decompressed, parsed. */
    private void readArchive(Tenant t, Actor actor, Snapshot s, ContentsReader reader, DocumentVisitor visitor, String operation) {
        StorageKey key = StorageKey.of(t.id(), s.fileName());
        try (InputStream raw = storage.openRead(key)) {
            ArchiveFormat.Opened o = ArchiveFormat.openNamed(raw, keys, t.id(), source, key);
            try (InputStream payload = o.payload()) {
                reader.read(payload, visitor);
                ArchiveFormat.drain(payload);
            }
        } catch (IOException x) {
            throw audited(t, actor, s.fileName(), operation, Failures.specific(x, c -> new StorageException("Reading " + key
                    + " from " + storage.describe() + " failed: " + c.getMessage()
                    + ". Check that the storage is reachable and try again.", c)));
        } catch (Found f) {
            throw f;
        } catch (RuntimeException x) {
            throw audited(t, actor, s.fileName(), operation, Failures.specific(x,
                    c -> new SourceException("Reading the documents of " + key + " failed: " + c, c)));
        }
    }

    /** Runs two scans at once (two archives, or an archive and the live database), and closes both if either fails. */
    private static List<ContentsScan> both(Callable<ContentsScan> first, Callable<ContentsScan> second) {
        FutureTask<ContentsScan> other = new FutureTask<>(second);
        Thread th = new Thread(other, "daai-contents-scan");
        th.setDaemon(true);
        th.start();
        ContentsScan x = null;
        RuntimeException failure = null;
        try {
            x = first.call();
        } catch (RuntimeException e) {
            failure = e;
        } catch (Exception e) {
            failure = new IllegalStateException(e);
        }
        ContentsScan y = null;
        try {
            y = other.get();
        } catch (ExecutionException e) {
            if (failure == null) {
                failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = failure != null ? failure : new StorageException("Interrupted while comparing", e);
        }
        if (failure != null) {
            if (x != null) {
                x.close();
            }
            if (y != null) {
                y.close();
            }
            throw failure;
        }
        return List.of(x, y);
    }

    /** Collections whose recorded digests agree on both sides: their documents need not be entered. */
    private static Set<String> knownSame(Optional<SnapshotManifest> a, Optional<SnapshotManifest> b) {
        Set<String> out = new HashSet<>();
        if (a.isEmpty() || b.isEmpty()) {
            return out;
        }
        for (SnapshotManifest.CollectionEntry x : a.get().collections()) {
            for (SnapshotManifest.CollectionEntry y : b.get().collections()) {
                if (x.name().equals(y.name()) && x.contentsDigest().isPresent() && x.contentsDigest().equals(y.contentsDigest())) {
                    out.add(x.name());
                }
            }
        }
        return out;
    }

    /** The sealed manifest of {@code s}, a forged one audited and refused; no permission check. */
    Optional<SnapshotManifest> manifestOf(Tenant t, Actor actor, TenantFolders.Listing l, Snapshot s) {
        return manifest(l, t, actor, s);
    }

    private Optional<SnapshotManifest> manifest(TenantFolders.Listing l, Tenant t, Actor actor, Snapshot s) {
        try {
            return manifests.read(l, t.id(), s.fileName());
        } catch (IntegrityException x) {
            events.simple(BackupEvent.Type.INTEGRITY_FAILURE, t.id(), actor, s.fileName(), "contents: " + x.getMessage(), x);
            throw x;
        }
    }

    private static void requireSamples(int samples) {
        if (samples < 0 || samples > SnapshotCatalog.MAX_SAMPLES) {
            throw new IllegalArgumentException("samples must be 0.." + SnapshotCatalog.MAX_SAMPLES + ", got " + samples);
        }
    }

    private RuntimeException audited(Tenant t, Actor actor, String fileName, String operation, RuntimeException x) {
        if (x instanceof IntegrityException) {
            events.simple(BackupEvent.Type.INTEGRITY_FAILURE, t.id(), actor, fileName, operation + ": " + x.getMessage(), x);
        }
        return x;
    }

    static StorageException spillFailure(IOException e) {
        return new StorageException("Reading back the sorted documents from the temporary folder failed: " + e.getMessage()
                + ". Check that the temporary folder (java.io.tmpdir) is writable, has room, and is not shared.", e);
    }
}
