package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.ObjectExistsException;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's folder in storage as the library sees it: the snapshots (archives whose names parse),
 * the objects beside them (manifests, pins), and the writing of those small objects.
 */
public final class TenantFolders {
    private static final Logger LOG = LoggerFactory.getLogger(TenantFolders.class);

    private final StorageBackend storage;

    /** @param storage where the folders live */
    public TenantFolders(StorageBackend storage) {
        this.storage = storage;
    }

    /** One listing of a tenant's folder: the snapshots, newest first, and every object by name. */
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

    /** The flag of an encrypted snapshot without its sealed manifest. */
    static final String MANIFEST_MISSING = "its sealed manifest is missing: it may have been deleted to hide a rename or a"
            + " rollback; verify the snapshot before relying on it";

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
            Snapshot s = new Snapshot(tenantId, p.fileName(), p.label(), p.createdAt(), byName.get(p.fileName()).size(),
                    p.encrypted(), byName.containsKey(ArchiveNames.pinOf(p.fileName())));
            // Seen from the names alone, so a page of 10,000 costs nothing more: deleting the sealed manifest is
            // how a rename or a rollback would hide from it (docs/security.md, "Renamed snapshots").
            String sealed = Manifests.sealedNameOf(p.fileName());
            snaps.add(p.encrypted() && !byName.containsKey(sealed) ? s.flaggedWith(MANIFEST_MISSING + " (" + sealed
                    + " is not in the folder)") : s);
        }
        return new Listing(List.copyOf(snaps), Map.copyOf(byName));
    }

    Snapshot requireSnapshot(Listing l, String tenantId, String fileName) {
        StorageKey.requireValidFileName(fileName);
        return l.find(fileName).orElseThrow(() -> new SnapshotNotFoundException("Tenant " + tenantId
                + " has no snapshot named " + fileName + " in " + storage.describe()
                + ". List the tenant's snapshots to see the file names that exist."));
    }

    /**
     * Copies a small object (a pin) to another name in the same folder.
     *
     * @throws StorageException if it cannot be read or written
     */
    void copySmallObject(String tenantId, String from, String to) {
        byte[] content;
        try (java.io.InputStream in = storage.openRead(StorageKey.of(tenantId, from))) {
            content = in.readNBytes(1 << 20);
        } catch (IOException e) {
            throw new StorageException("Reading " + tenantId + "/" + from + " from " + storage.describe() + " failed: "
                    + e.getMessage() + ". Check the storage and try again.", e);
        }
        if (!putSmallObject(tenantId, to, content, "copy of " + from)) {
            throw new StorageException("Writing " + tenantId + "/" + to + " to " + storage.describe()
                    + " failed. Check that the storage is writable and try again.");
        }
    }

    /** Writes a small object (manifest, pin); failures are logged: the archive is the truth. */
    boolean putSmallObject(String tenantId, String fileName, byte[] content, String what) {
        StorageKey key = StorageKey.of(tenantId, fileName);
        try (StorageUpload up = storage.openUpload(key)) {
            up.write(content);
            up.commit();
            return true;
        } catch (ObjectExistsException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not write the {} {}: {}", what, key, e.toString());
            return false;
        }
    }
}
