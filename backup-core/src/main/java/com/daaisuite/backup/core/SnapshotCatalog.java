package com.daaisuite.backup.core;

import java.util.List;
import java.util.Optional;

/** The list of a tenant's snapshots, and what can be done with one without restoring it. */
public interface SnapshotCatalog {

    /**
     * Lists a tenant's snapshots, newest first, from the storage listing alone (no archive is read).
     * Objects that are not snapshots (manifests, pins, foreign files) are not listed.
     *
     * @param tenantId the tenant
     * @return the snapshots, newest first
     */
    List<Snapshot> list(String tenantId);

    /**
     * @param tenantId the tenant
     * @param fileName the archive's file name
     * @return the snapshot, or empty
     */
    Optional<Snapshot> find(String tenantId, String fileName);

    /**
     * Reads the archive's header (no key needed) and its manifest.
     *
     * @param tenantId the tenant
     * @param fileName the archive's file name
     * @return the details
     * @throws SnapshotNotFoundException if there is no such snapshot
     */
    SnapshotDetails inspect(String tenantId, String fileName);

    /**
     * Reads the whole archive: authenticates every segment, decompresses, parses the payload and
     * compares with the manifest. Changes nothing.
     *
     * @param tenantId the tenant
     * @param fileName the archive's file name
     * @return the report
     * @throws com.daaisuite.backup.IntegrityException if the archive is tampered, corrupt, of
     *     another tenant or made with an unknown key
     */
    VerificationReport verify(String tenantId, String fileName);

    /**
     * Puts a snapshot on legal hold: it is never pruned until unpinned.
     *
     * @param actor who asks (audited)
     * @param tenantId the tenant
     * @param fileName the archive's file name
     */
    void pin(Actor actor, String tenantId, String fileName);

    /**
     * Releases a legal hold.
     *
     * @param actor who asks (audited)
     * @param tenantId the tenant
     * @param fileName the archive's file name
     */
    void unpin(Actor actor, String tenantId, String fileName);

    /**
     * Applies the retention policy now, under the tenant's lock.
     *
     * @param tenantId the tenant
     * @param dryRun true to only report what would be deleted
     * @return what was (or would be) deleted and kept
     */
    PruneReport prune(String tenantId, boolean dryRun);
}
