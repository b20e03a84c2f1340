package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.Actor;
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
 * The manifest beside each archive ({@code <archive>.manifest.json}): what was written, by whom,
 * with which settings, and the archive's size and SHA-256 for verification. The archive is the
 * truth; a manifest that cannot be written or read is logged, never fatal.
 */
public final class Manifests {
    private static final Logger LOG = LoggerFactory.getLogger(Manifests.class);
    static final String LIBRARY_VERSION = loadVersion();

    private final TenantFolders folders;
    private final StorageBackend storage;
    private final String nodeName;
    private final int compressionLevel;
    private final int segmentSize;
    private final String payloadFormat;

    /**
     * @param folders where manifests are written
     * @param storage where they are read from
     * @param nodeName this node, recorded in each manifest
     * @param compressionLevel the gzip level, recorded
     * @param segmentSize the DBK1 segment size, recorded for encrypted archives
     * @param payloadFormat the source's payload format, recorded
     */
    public Manifests(TenantFolders folders, StorageBackend storage, String nodeName, int compressionLevel, int segmentSize,
            String payloadFormat) {
        this.folders = folders;
        this.storage = storage;
        this.nodeName = nodeName;
        this.compressionLevel = compressionLevel;
        this.segmentSize = segmentSize;
        this.payloadFormat = payloadFormat;
    }

    /** What the pipeline knows once an archive is committed. */
    record Written(long archiveBytes, String sha256, DumpSummary summary, String keyId, Instant committedAt) {}

    /** Builds the manifest of a committed archive and writes it beside it. */
    void write(Snapshot snap, Written w, BackupTrigger trigger, Actor actor, String note, Duration duration) {
        List<SnapshotManifest.CollectionEntry> cols = new ArrayList<>();
        for (CollectionSummary c : w.summary().collections()) {
            cols.add(new SnapshotManifest.CollectionEntry(c.name(), c.type(), c.documents(), c.bytes(), c.indexes()));
        }
        DumpSummary d = w.summary();
        SnapshotManifest m = new SnapshotManifest(SnapshotManifest.SCHEMA_VERSION, snap.tenantId(), snap.fileName(), snap.label(),
                trigger, snap.createdAt(), snap.encrypted(), Optional.ofNullable(w.keyId()),
                snap.encrypted() ? Optional.of(segmentSize) : Optional.empty(), compressionLevel, w.archiveBytes(), w.sha256(),
                payloadFormat, d.payloadBytes(), d.database(), d.documents(), cols, d.pointInTime(),
                Optional.ofNullable(d.serverVersion()), d.warnings(), duration, Optional.ofNullable(w.committedAt()),
                LIBRARY_VERSION, nodeName, Optional.ofNullable(actor).map(Actor::id), note == null ? "" : note);
        folders.putSmallObject(snap.tenantId(), ArchiveNames.manifestOf(snap.fileName()), ManifestCodec.encode(m), "manifest");
    }

    /**
     * @return the manifest beside {@code archive}, or empty when there is none or it cannot be read
     *     or is invalid (logged: the archive is the truth, and verify then checks it alone)
     */
    Optional<SnapshotManifest> read(TenantFolders.Listing l, String tenantId, String archive) {
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
