package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.spi.CollectionSummary;
import com.daaisuite.backup.core.spi.DumpSummary;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    void write(Snapshot snap, Written w, BackupTrigger trigger, Actor actor, String note, Duration duration) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("manifestVersion", 1);
        m.put("tenantId", snap.tenantId());
        m.put("archive", snap.fileName());
        m.put("label", snap.label().label());
        m.put("trigger", trigger.name().toLowerCase(Locale.ROOT));
        m.put("createdAt", snap.createdAt().toString());
        m.put("encrypted", snap.encrypted());
        m.put("keyId", w.keyId());
        m.put("segmentSize", snap.encrypted() ? segmentSize : null);
        m.put("compressionLevel", compressionLevel);
        m.put("archiveBytes", w.archiveBytes());
        m.put("archiveSha256", w.sha256());
        m.put("payloadFormat", payloadFormat);
        m.put("payloadBytes", w.summary().payloadBytes());
        m.put("database", w.summary().database());
        m.put("documents", w.summary().documents());
        List<Object> cols = new ArrayList<>();
        for (CollectionSummary c : w.summary().collections()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("type", c.type());
            cm.put("documents", c.documents());
            cm.put("bytes", c.bytes());
            cm.put("indexes", c.indexes());
            cols.add(cm);
        }
        m.put("collections", cols);
        m.put("pointInTime", w.summary().pointInTime());
        m.put("serverVersion", w.summary().serverVersion());
        m.put("warnings", w.summary().warnings());
        m.put("durationMillis", duration.toMillis());
        m.put("committedAt", w.committedAt() == null ? null : w.committedAt().toString());
        m.put("libraryVersion", LIBRARY_VERSION);
        m.put("node", nodeName);
        m.put("actor", actor == null ? null : actor.id());
        m.put("note", note == null ? "" : note);
        folders.putSmallObject(snap.tenantId(), ArchiveNames.manifestOf(snap.fileName()), Json.write(m), "manifest");
    }

    Optional<Map<String, Object>> read(TenantFolders.Listing l, String tenantId, String archive) {
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
