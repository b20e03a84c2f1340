package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.IOException;

/**
 * Every check a stored snapshot must pass before anything trusts it, in one place: {@code restore}
 * runs it before it changes anything and {@code verify} runs it to say "intact", so the two can
 * never disagree (issue 22, item 6). The archive is read whole ({@link ArchiveProof}: its content
 * agrees with its name, every DBK1 segment and the name it is bound to, every gzip trailer, the
 * payload parsed by the source), and it must be the snapshot its name says ({@link Manifests#requireBound}:
 * its sealed manifest describes it, or no other snapshot's describes this very archive).
 */
final class SnapshotChecks {
    private SnapshotChecks() {}

    /**
     * @param storage where the archive is read (verify passes a view that hashes what is read)
     * @param keys the keys that open it
     * @param source parses its payload
     * @param manifests the sealed manifests it must agree with
     * @param listing the tenant's listing the snapshot was found in
     * @param tenantId the tenant
     * @param snap the snapshot
     * @return the proof; the caller closes it
     * @throws IOException if reading fails
     * @throws com.daaisuite.backup.IntegrityException if any check fails
     */
    static ArchiveProof prove(StorageBackend storage, KeyProvider keys, DatabaseSource source, Manifests manifests,
            TenantFolders.Listing listing, String tenantId, Snapshot snap) throws IOException {
        ArchiveProof proof = ArchiveProof.prove(storage, StorageKey.of(tenantId, snap.fileName()), keys, tenantId, source);
        try {
            manifests.requireBound(listing, tenantId, snap);
        } catch (RuntimeException x) {
            proof.close();
            throw x;
        }
        return proof;
    }
}
