package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.ManifestMismatchException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.crypto.KeyId;
import com.daaisuite.backup.crypto.KeyUnknownException;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotManifest;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manifest beside each archive: what was written, by whom, with which settings, and the
 * archive's size and SHA-256 for verification. For an encrypted archive it is sealed
 * ({@code <archive>.manifest}, {@link ManifestSeal}): encrypted and authenticated under the tenant's
 * key and bound to the archive's name, size and DBK1 header, so a storage reader learns nothing
 * from it and a storage writer can neither edit it nor move it beside another archive. Only a
 * plaintext archive (written without a key) gets a plaintext {@code <archive>.manifest.json}; a
 * plaintext manifest beside an encrypted archive (a legacy one, or a plant) is never read.
 *
 * <p>The archive is the truth: a manifest that cannot be written is logged, never fatal. A sealed
 * manifest that does not open, or describes another archive, is an integrity failure.
 */
public final class Manifests {
    private static final Logger LOG = LoggerFactory.getLogger(Manifests.class);
    static final String LIBRARY_VERSION = loadVersion();

    private final TenantFolders folders;
    private final StorageBackend storage;
    private final String nodeName;
    private final int segmentSize;
    private final String payloadFormat;
    private final KeyProvider keys;

    /**
     * @param folders where manifests are written
     * @param storage where they are read from
     * @param nodeName this node, recorded in each manifest
     * @param segmentSize the DBK1 segment size, recorded for encrypted archives
     * @param payloadFormat the source's payload format, recorded
     * @param keys the keys that seal and open manifests
     */
    public Manifests(TenantFolders folders, StorageBackend storage, String nodeName, int segmentSize,
            String payloadFormat, KeyProvider keys) {
        this.folders = folders;
        this.storage = storage;
        this.nodeName = nodeName;
        this.segmentSize = segmentSize;
        this.payloadFormat = payloadFormat;
        this.keys = keys;
    }

    /** What the pipeline knows once an archive is committed. */
    record Written(long archiveBytes, String sha256, DumpSummary summary, String keyId, Instant committedAt,
            int compressionLevel, ContentsTee.Result contents) {}

    /** Builds the manifest of a committed archive and writes it beside it. */
    void write(Snapshot snap, Written w, BackupTrigger trigger, Actor actor, String note, Duration duration) {
        List<SnapshotManifest.CollectionEntry> cols = new ArrayList<>();
        for (CollectionSummary c : w.summary().collections()) {
            ContentsTee.Result r = w.contents();
            cols.add(new SnapshotManifest.CollectionEntry(c.name(), c.type(), c.documents(), c.bytes(), c.indexes(),
                    r == null ? Optional.empty() : Optional.ofNullable(r.collections().get(c.name())),
                    r == null ? List.of() : r.indexNames().getOrDefault(c.name(), List.of())));
        }
        DumpSummary d = w.summary();
        // The snapshot's digest is recorded only with every collection's: a partial record would mislead.
        boolean complete = w.contents() != null && cols.stream().allMatch(c -> c.contentsDigest().isPresent())
                && w.contents().collections().keySet().equals(cols.stream().map(SnapshotManifest.CollectionEntry::name)
                        .collect(java.util.stream.Collectors.toSet()));
        SnapshotManifest m = new SnapshotManifest(d.partial() ? SnapshotManifest.SCHEMA_VERSION
                : SnapshotManifest.WHOLE_DATABASE_SCHEMA_VERSION, snap.tenantId(), snap.fileName(), snap.label(),
                trigger, snap.createdAt(), snap.encrypted(), Optional.ofNullable(w.keyId()),
                snap.encrypted() ? Optional.of(segmentSize) : Optional.empty(), w.compressionLevel(), w.archiveBytes(), w.sha256(),
                payloadFormat, d.payloadBytes(), d.database(), d.documents(), cols, d.pointInTime(),
                Optional.ofNullable(d.serverVersion()), d.warnings(), duration, Optional.ofNullable(w.committedAt()),
                LIBRARY_VERSION, nodeName, Optional.ofNullable(actor).map(Actor::id), note == null ? "" : note,
                complete ? Optional.of(w.contents().snapshot()) : Optional.empty(), d.onlyCollections());
        store(snap, w, ManifestCodec.encode(m));
    }

    /** Seals the manifest of an encrypted archive beside it; a plaintext archive's manifest stays plaintext. */
    private void store(Snapshot snap, Written w, byte[] manifest) {
        if (!snap.encrypted() || w.keyId() == null) {
            folders.putSmallObject(snap.tenantId(), ArchiveNames.manifestOf(snap.fileName()), manifest, "manifest");
            return;
        }
        try {
            MasterKey key = keys.keyById(KeyId.parse(w.keyId())).orElseThrow(() -> new IllegalStateException(
                    "the key " + w.keyId() + " that encrypted the archive is no longer configured"));
            ManifestSeal.Binding b = new ManifestSeal.Binding(snap.fileName(), w.archiveBytes(),
                    headerSha256(snap.tenantId(), snap.fileName()));
            folders.putSmallObject(snap.tenantId(), sealedNameOf(snap.fileName()),
                    ManifestSeal.seal(manifest, b, key, snap.tenantId()), "sealed manifest");
        } catch (IOException | RuntimeException e) {
            LOG.warn("The sealed manifest of {}/{} could not be written; the archive is complete without it: {}",
                    snap.tenantId(), snap.fileName(), e.toString());
        }
    }

    /** @return the name of the sealed manifest beside {@code archive} */
    static String sealedNameOf(String archive) {
        return archive + ManifestSeal.SUFFIX;
    }

    private String headerSha256(String tenantId, String archive) throws IOException {
        try (InputStream in = storage.openRead(StorageKey.of(tenantId, archive))) {
            return ManifestSeal.headerSha256(in);
        }
    }

    private ManifestSeal.Binding bindingOf(String tenantId, Snapshot s) throws IOException {
        return new ManifestSeal.Binding(s.fileName(), s.sizeBytes(), headerSha256(tenantId, s.fileName()));
    }

    private byte[] readSmall(String tenantId, String name) throws IOException {
        try (InputStream in = storage.openRead(StorageKey.of(tenantId, name))) {
            return in.readNBytes((2 << 20) + 1);
        }
    }

    /**
     * Writes the manifest of an archive re-encrypted under another key: the same snapshot, its new
     * name, key id, size and SHA-256.
     *
     * @return whether it was written (or already there)
     */
    boolean writeMoved(SnapshotManifest old, String newArchive, String keyId, long archiveBytes, String sha256) {
        SnapshotManifest m = new SnapshotManifest(old.schemaVersion(), old.tenantId(), newArchive, old.label(),
                old.trigger(), old.createdAt(), true, Optional.of(keyId), old.segmentSize(), old.compressionLevel(), archiveBytes,
                sha256, old.payloadFormat(), old.payloadBytes(), old.database(), old.documents(), old.collections(),
                old.pointInTime(), old.serverVersion(), old.warnings(), old.duration(), old.committedAt(), old.libraryVersion(),
                old.node(), old.actor(), old.note(), old.contentsDigest(), old.onlyCollections());
        try {
            // Sealed like every encrypted archive's manifest: under the new key, bound to the new archive.
            MasterKey key = keys.keyById(KeyId.parse(keyId)).orElseThrow(() -> new IllegalStateException(
                    "the key " + keyId + " that encrypted the archive is not configured"));
            ManifestSeal.Binding b = new ManifestSeal.Binding(newArchive, archiveBytes, headerSha256(m.tenantId(), newArchive));
            return folders.putSmallObject(m.tenantId(), sealedNameOf(newArchive),
                    ManifestSeal.seal(ManifestCodec.encode(m), b, key, m.tenantId()), "sealed manifest");
        } catch (IOException | RuntimeException e) {
            LOG.warn("The sealed manifest of re-encrypted {}/{} could not be written: {}", m.tenantId(), newArchive, e.toString());
            return false;
        }
    }

    /**
     * Opens the sealed manifest beside an encrypted snapshot and checks that it describes it.
     *
     * @return the manifest's bytes, or empty when the snapshot has no sealed manifest
     * @throws ManifestMismatchException if it does not open or describes another archive
     */
    Optional<byte[]> openSealed(TenantFolders.Listing l, String tenantId, Snapshot s) {
        String name = sealedNameOf(s.fileName());
        if (!s.encrypted() || !l.names().contains(name)) {
            return Optional.empty();
        }
        String what = StorageKey.of(tenantId, name).path();
        try {
            return Optional.of(ManifestSeal.open(readSmall(tenantId, name), keys, tenantId, bindingOf(tenantId, s), what));
        } catch (KeyUnknownException e) {
            // Sealed under a key this deployment does not have: unreadable here, not forged. The archive
            // itself needs the same key, and its own check says so precisely.
            LOG.debug("The sealed manifest {} needs a key that is not configured: {}", what, e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Reading " + what + " from " + storage.describe() + " failed: " + e.getMessage()
                    + ". Check that the storage is reachable and try again.", e);
        }
    }

    /**
     * Before a restore: an encrypted snapshot with a sealed manifest must be the archive it
     * describes; one without must not be the very archive another snapshot's sealed manifest
     * describes (an older snapshot copied under a newer name, a replay).
     *
     * @throws ManifestMismatchException if either check fails
     */
    void requireBound(TenantFolders.Listing l, String tenantId, Snapshot s) {
        if (!s.encrypted() || openSealed(l, tenantId, s).isPresent()) {
            return;
        }
        String header;
        try {
            header = headerSha256(tenantId, s.fileName());
        } catch (IOException e) {
            throw new StorageException("Reading " + StorageKey.of(tenantId, s.fileName()).path() + " failed: " + e.getMessage()
                    + ". Check that the storage is reachable and try again.", e);
        } catch (RuntimeException e) {
            return; // not a readable DBK1 header: the content checks that follow refuse it with the precise reason
        }
        for (Snapshot other : l.snapshots()) {
            if (other.encrypted() && !other.fileName().equals(s.fileName()) && l.names().contains(sealedNameOf(other.fileName()))
                    && describesHeader(l, tenantId, other, header)) {
                throw new ManifestMismatchException("The snapshot " + s.fileName() + " of tenant " + tenantId
                        + " is the archive of snapshot " + other.fileName() + " under another name (that snapshot's sealed"
                        + " manifest describes this very archive): someone with write access to the storage copied it."
                        + " Nothing was restored; restore " + other.fileName() + " itself if that is what you want.");
            }
        }
    }

    /** Whether {@code other}'s sealed manifest is intact and binds an archive with this header digest. */
    private boolean describesHeader(TenantFolders.Listing l, String tenantId, Snapshot other, String header) {
        try {
            byte[] sealed = readSmall(tenantId, sealedNameOf(other.fileName()));
            // Only a manifest intact under its own binding counts as evidence.
            ManifestSeal.open(sealed, keys, tenantId, bindingOf(tenantId, other), sealedNameOf(other.fileName()));
            return ManifestSeal.bindsHeader(sealed, keys, tenantId, header);
        } catch (IOException | RuntimeException e) {
            // Another snapshot's damaged manifest is that snapshot's problem, reported when it is used.
            return false;
        }
    }

    /**
     * @return the manifest of {@code archive}: the sealed one for an encrypted archive, the plaintext
     *     one for a plaintext archive, empty when there is none (or a plaintext one is unreadable)
     * @throws ManifestMismatchException if a sealed manifest does not open or describes another archive
     */
    Optional<SnapshotManifest> read(TenantFolders.Listing l, String tenantId, String archive) {
        Optional<Snapshot> snap = l.find(archive);
        if (snap.isPresent() && snap.get().encrypted()) {
            return openSealed(l, tenantId, snap.get()).map(bytes -> {
                try {
                    return ManifestCodec.decode(bytes);
                } catch (RuntimeException e) {
                    throw new ManifestMismatchException("The sealed manifest of " + archive + " authenticates but is not"
                            + " a manifest this library reads: " + e.getMessage(), e);
                }
            });
        }
        String name = ArchiveNames.manifestOf(archive);
        if (!l.names().contains(name)) {
            return Optional.empty();
        }
        try (InputStream in = storage.openRead(StorageKey.of(tenantId, name))) {
            return Optional.of(ManifestCodec.decode(in.readNBytes(ManifestCodec.MAX_BYTES + 1)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not read the manifest {}/{}: {}", tenantId, name, e.toString());
            return Optional.empty();
        }
    }

    private static String loadVersion() {
        try (InputStream in = Manifests.class.getResourceAsStream("version.properties")) {
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
}
