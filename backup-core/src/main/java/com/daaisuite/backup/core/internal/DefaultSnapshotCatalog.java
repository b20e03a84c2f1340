package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.PruneReport;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotCatalog;
import com.daaisuite.backup.core.SnapshotDetails;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.VerificationReport;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Header;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Listing, inspection, verification, pins and pruning. */
final class DefaultSnapshotCatalog implements SnapshotCatalog {
    private final BackupsEngine e;

    DefaultSnapshotCatalog(BackupsEngine engine) {
        this.e = engine;
    }

    @Override
    public List<Snapshot> list(String tenantId) {
        return e.list(e.tenant(tenantId).id()).snapshots();
    }

    @Override
    public Optional<Snapshot> find(String tenantId, String fileName) {
        Tenant t = e.tenant(tenantId);
        StorageKey.requireValidFileName(fileName);
        return e.list(t.id()).find(fileName);
    }

    @Override
    public SnapshotDetails inspect(String tenantId, String fileName) {
        Tenant t = e.tenant(tenantId);
        BackupsEngine.Listing l = e.list(t.id());
        Snapshot s = e.requireSnapshot(l, t.id(), fileName);
        StorageKey key = StorageKey.of(t.id(), fileName);
        String format;
        Optional<String> keyId = Optional.empty();
        Optional<Integer> segment = Optional.empty();
        try (BufferedInputStream in = new BufferedInputStream(e.storage.openRead(key), ArchiveFormat.BUFFER)) {
            format = ArchiveFormat.detect(in, e.source);
            if (ArchiveFormat.DBK1.equals(format)) {
                Dbk1Header h = Dbk1.readHeader(in);
                keyId = Optional.of(h.keyId().toString());
                segment = Optional.of(h.segmentSize());
            }
        } catch (IOException x) {
            throw new StorageException("Reading the header of " + key + " from " + e.storage.describe() + " failed: "
                    + x.getMessage() + ". Check that the storage is reachable.", x);
        }
        return new SnapshotDetails(s, format, keyId, segment, e.readManifest(l, t.id(), fileName));
    }

    @Override
    public VerificationReport verify(String tenantId, String fileName) {
        Tenant t = e.tenant(tenantId);
        BackupsEngine.Listing l = e.list(t.id());
        Snapshot s = e.requireSnapshot(l, t.id(), fileName);
        StorageKey key = StorageKey.of(t.id(), fileName);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", x);
        }
        long[] archiveBytes = {0};
        DumpSummary stats;
        try (InputStream raw = e.storage.openRead(key)) {
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
            ArchiveFormat.Opened o = ArchiveFormat.open(hashed, e.keys, t.id(), e.source, key.path());
            stats = e.source.inspectPayload(o.payload());
            ArchiveFormat.drain(o.payload());
            ArchiveFormat.drain(hashed);
        } catch (IOException x) {
            throw BackupsEngine.specific(x, c -> new StorageException("Reading " + key + " from " + e.storage.describe()
                    + " failed: " + c.getMessage() + ". Check that the storage is reachable and try again.", c));
        } catch (RuntimeException x) {
            throw BackupsEngine.specific(x, c -> new SourceException("Parsing the payload of " + key + " failed: " + c, c));
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (CollectionSummary c : stats.collections()) {
            counts.put(c.name(), c.documents());
        }
        List<String> problems = new ArrayList<>();
        Optional<Map<String, Object>> manifest = e.readManifest(l, t.id(), fileName);
        if (manifest.isPresent()) {
            Map<String, Object> m = manifest.get();
            if (m.get("archiveSha256") instanceof String expected && !expected.equalsIgnoreCase(digest)) {
                problems.add("SHA-256 " + digest + " differs from the manifest's " + expected);
            }
            if (m.get("archiveBytes") instanceof Number n && n.longValue() != archiveBytes[0]) {
                problems.add("archive size " + archiveBytes[0] + " differs from the manifest's " + n.longValue());
            }
            boolean parsed = stats.warnings().isEmpty() || !stats.collections().isEmpty() || stats.documents() > 0;
            if (parsed && m.get("collections") instanceof List<?> cols) {
                Map<String, Long> expected = new LinkedHashMap<>();
                for (Object o : cols) {
                    if (o instanceof Map<?, ?> cm && cm.get("name") instanceof String n && cm.get("documents") instanceof Number d) {
                        expected.put(n, d.longValue());
                    }
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

    @Override
    public void pin(Actor actor, String tenantId, String fileName) {
        java.util.Objects.requireNonNull(actor, "actor");
        Tenant t = e.tenant(tenantId);
        Snapshot s = e.requireSnapshot(e.list(t.id()), t.id(), fileName);
        if (s.pinned()) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("archive", fileName);
        m.put("pinnedBy", actor.id());
        m.put("pinnedAt", e.clock.instant().toString());
        if (!e.putSmallObject(t.id(), ArchiveNames.pinOf(fileName), Json.write(m), "pin")) {
            throw new StorageException("Could not pin " + fileName + " of tenant " + t.id() + " in " + e.storage.describe()
                    + ". Check that the storage is writable and try again.");
        }
        e.events.simple(BackupEvent.Type.SNAPSHOT_PINNED, t.id(), actor, fileName, "pinned (legal hold)", null);
    }

    @Override
    public void unpin(Actor actor, String tenantId, String fileName) {
        java.util.Objects.requireNonNull(actor, "actor");
        Tenant t = e.tenant(tenantId);
        Snapshot s = e.requireSnapshot(e.list(t.id()), t.id(), fileName);
        if (!s.pinned()) {
            return;
        }
        try {
            e.storage.delete(List.of(StorageKey.of(t.id(), ArchiveNames.pinOf(fileName))));
        } catch (IOException x) {
            throw new StorageException("Could not unpin " + fileName + " of tenant " + t.id() + ": " + x.getMessage()
                    + ". Check that the storage is writable and try again.", x);
        }
        e.events.simple(BackupEvent.Type.SNAPSHOT_PINNED, t.id(), actor, fileName, "unpinned (legal hold released)", null);
    }

    @Override
    public PruneReport prune(String tenantId, boolean dryRun) {
        Tenant t = e.tenant(tenantId);
        Actor actor = Actor.system("retention");
        if (dryRun) {
            return e.pruneLocked(t, true, actor);
        }
        Optional<LeaseKeeper> lease = e.tryLock(t.id(), "prune");
        if (lease.isEmpty()) {
            throw e.busy(t.id(), "prune");
        }
        LeaseKeeper keeper = lease.get();
        try {
            return e.pruneLocked(t, false, actor);
        } finally {
            keeper.close();
        }
    }
}
