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
