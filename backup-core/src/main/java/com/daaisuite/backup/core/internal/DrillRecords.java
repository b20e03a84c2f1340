package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.DrillResult;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drill results beside their snapshots ({@code <archive>.drill}), sealed like a sealed manifest
 * ({@link ManifestSeal}, bound to the archive's name and size) under the tenant's current key, so a
 * result cannot be forged, edited or moved beside another snapshot by someone who can only write the
 * storage. Without any configured key (a plaintext-only deployment) the record is plain JSON, and then a
 * plain record is believed only when it says the drill failed: a forged failure is a false alarm, a
 * forged pass would hide a problem.
 */
final class DrillRecords {
    private static final Logger LOG = LoggerFactory.getLogger(DrillRecords.class);
    /** Name suffix of a drill result, after the archive's name. */
    static final String SUFFIX = ".drill";
    /** What the seal binds instead of a header digest: the record is a drill result, never a manifest. */
    private static final String BINDING = "drill-result";

    private final StorageBackend storage;
    private final KeyProvider keys;
    private final TenantFolders folders;

    DrillRecords(StorageBackend storage, KeyProvider keys, TenantFolders folders) {
        this.storage = storage;
        this.keys = keys;
        this.folders = folders;
    }

    static String nameOf(String archive) {
        return archive + SUFFIX;
    }

    /**
     * Replaces the snapshot's previous result; a record that cannot be written is logged, the drill stands.
     *
     * @return why the result was not kept, in a sentence for the drill's event; empty when it was
     */
    Optional<String> write(Snapshot s, DrillResult r) {
        byte[] json = Json.write(toMap(r)).getBytes(StandardCharsets.UTF_8);
        Optional<MasterKey> key = keys.currentKey();
        byte[] content = key.isPresent() ? ManifestSeal.seal(json, binding(s), key.get(), s.tenantId()) : json;
        StorageKey k = StorageKey.of(s.tenantId(), nameOf(s.fileName()));
        try {
            storage.delete(List.of(k));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not replace the drill result {}: {}", k, e.toString());
            return Optional.of(notKept(k));
        }
        return folders.putSmallObject(s.tenantId(), nameOf(s.fileName()), content, "drill result") ? Optional.empty()
                : Optional.of(notKept(k));
    }

    private String notKept(StorageKey k) {
        return "the result could not be kept in " + storage.describe() + " as " + k.path() + "; the next drill records it again";
    }

    /** What re-keying did with the drill result beside an archive it moved. */
    record Carried(Outcome outcome, String why) {
        enum Outcome { NONE, CARRIED, ALREADY_THERE, DROPPED }
    }

    /**
     * Re-seals the result kept beside {@code from} under {@code current}, beside {@code to}: the archive
     * re-keying wrote with the same contents (its plaintext read back identical), so the drill's proof
     * holds for it. Only a sealed result that authenticates under a configured key and describes
     * {@code from} moves; anything else is left to be deleted with the original and reported as DROPPED,
     * for the caller to audit.
     *
     * @throws StorageException if the result cannot be read or the new one written (the caller keeps the original)
     */
    Carried carryOver(TenantFolders.Listing l, Snapshot from, String to, long toBytes, MasterKey current) {
        String oldName = nameOf(from.fileName());
        if (!l.names().contains(oldName)) {
            return new Carried(Carried.Outcome.NONE, "");
        }
        if (l.names().contains(nameOf(to))) {
            // An earlier run re-sealed it and stopped before deleting the original.
            return new Carried(Carried.Outcome.ALREADY_THERE, "");
        }
        StorageKey k = StorageKey.of(from.tenantId(), oldName);
        byte[] bytes;
        try (InputStream in = storage.openRead(k)) {
            bytes = in.readNBytes(1 << 20);
        } catch (IOException e) {
            throw new StorageException("Reading the drill result " + k.path() + " from " + storage.describe() + " failed: "
                    + e.getMessage() + ". Check the storage and run again.", e);
        }
        DrillResult r;
        try {
            if (bytes.length > 0 && bytes[0] == '{') {
                return new Carried(Carried.Outcome.DROPPED, "it is not sealed");
            }
            byte[] json = ManifestSeal.open(bytes, keys, from.tenantId(), binding(from), k.path());
            r = fromMap(Json.readObject(new String(json, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            return new Carried(Carried.Outcome.DROPPED, "it does not authenticate: " + e.getMessage());
        }
        if (!r.fileName().equals(from.fileName()) || !r.tenantId().equals(from.tenantId())) {
            return new Carried(Carried.Outcome.DROPPED, "it describes " + r.fileName() + " of tenant " + r.tenantId());
        }
        DrillResult moved = new DrillResult(r.tenantId(), to, r.startedAt(), r.duration(), r.passed(), r.reason(),
                r.scratchDatabase(), r.documents(), r.counts(), r.digestsRecorded());
        byte[] json = Json.write(toMap(moved)).getBytes(StandardCharsets.UTF_8);
        byte[] sealed = ManifestSeal.seal(json, new ManifestSeal.Binding(to, toBytes, BINDING), current, from.tenantId());
        if (!folders.putSmallObject(from.tenantId(), nameOf(to), sealed, "drill result")) {
            throw new StorageException("The drill result of the re-encrypted copy of " + from.fileName() + " could not be"
                    + " written to " + storage.describe() + ". Check that the storage is writable and run again.");
        }
        return new Carried(Carried.Outcome.CARRIED, "");
    }

    /** The result kept beside {@code s}, if there is one that opens. */
    Optional<DrillResult> read(TenantFolders.Listing l, Snapshot s) {
        String name = nameOf(s.fileName());
        if (!l.names().contains(name)) {
            return Optional.empty();
        }
        StorageKey k = StorageKey.of(s.tenantId(), name);
        try (InputStream in = storage.openRead(k)) {
            byte[] bytes = in.readNBytes(1 << 20);
            boolean plain = bytes.length > 0 && bytes[0] == '{';
            byte[] json = plain ? bytes : ManifestSeal.open(bytes, keys, s.tenantId(), binding(s), k.path());
            DrillResult r = fromMap(Json.readObject(new String(json, StandardCharsets.UTF_8)));
            if (plain && r.passed() && keys.currentKey().isPresent()) {
                LOG.warn("Ignoring the unsealed drill result {}: a passed drill is believed only when sealed", k);
                return Optional.empty();
            }
            if (!r.fileName().equals(s.fileName()) || !r.tenantId().equals(s.tenantId())) {
                LOG.warn("Ignoring the drill result {}: it describes {} of tenant {}", k, r.fileName(), r.tenantId());
                return Optional.empty();
            }
            return Optional.of(r);
        } catch (IOException e) {
            throw new StorageException("Reading " + k.path() + " from " + storage.describe() + " failed: " + e.getMessage()
                    + ". Check that the storage is reachable and try again.", e);
        } catch (RuntimeException e) {
            LOG.warn("Ignoring the drill result {}: it cannot be trusted or read: {}", k, e.getMessage());
            return Optional.empty();
        }
    }

    /** The drill that started last among the tenant's kept results. */
    Optional<DrillResult> last(TenantFolders.Listing l) {
        return l.snapshots().stream().map(s -> read(l, s)).flatMap(Optional::stream)
                .max(Comparator.comparing(DrillResult::startedAt));
    }

    private static ManifestSeal.Binding binding(Snapshot s) {
        return new ManifestSeal.Binding(s.fileName(), s.sizeBytes(), BINDING);
    }

    private static Map<String, Object> toMap(DrillResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenantId", r.tenantId());
        m.put("fileName", r.fileName());
        m.put("startedAt", r.startedAt().toString());
        m.put("durationMillis", r.duration().toMillis());
        m.put("passed", r.passed());
        m.put("reason", r.reason().orElse(null));
        m.put("scratchDatabase", r.scratchDatabase());
        m.put("documents", r.documents());
        m.put("counts", new LinkedHashMap<String, Object>(r.counts()));
        m.put("digestsRecorded", r.digestsRecorded());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static DrillResult fromMap(Map<String, Object> m) {
        Map<String, Long> counts = new LinkedHashMap<>();
        ((Map<String, Object>) m.get("counts")).forEach((k, v) -> counts.put(k, ((Number) v).longValue()));
        return new DrillResult((String) m.get("tenantId"), (String) m.get("fileName"), Instant.parse((String) m.get("startedAt")),
                Duration.ofMillis(((Number) m.get("durationMillis")).longValue()), (Boolean) m.get("passed"),
                Optional.ofNullable((String) m.get("reason")), (String) m.get("scratchDatabase"),
                ((Number) m.get("documents")).longValue(), counts, (Boolean) m.get("digestsRecorded"));
    }
}
