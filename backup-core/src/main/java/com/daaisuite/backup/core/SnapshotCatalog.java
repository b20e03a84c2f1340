package com.daaisuite.backup.core;

import java.util.List;
import java.util.Optional;

/**
 * The list of a tenant's snapshots, and what can be done with one without restoring it. Every
 * call names the actor who asks and needs a {@link Permission}: {@link Permission#VIEW} to look,
 * {@link Permission#RETENTION} to pin or unpin, {@link Permission#DELETE} to destroy. A refusal
 * changes nothing, throws {@link PermissionDeniedException} and is reported as an
 * {@link BackupEvent.Type#OPERATION_REFUSED} event; every change is reported with its actor.
 */
public interface SnapshotCatalog {

    /** The most rows {@link #listWithDetails} returns in one call. */
    int MAX_DETAIL_ROWS = 200;

    /**
     * Lists a tenant's snapshots, newest first, from the storage listing alone (no archive is read).
     * Objects that are not snapshots (manifests, pins, foreign files) are not listed. Needs VIEW.
     *
     * @param actor who asks
     * @param tenantId the tenant
     * @return the snapshots, newest first
     * @throws PermissionDeniedException without VIEW
     */
    List<Snapshot> list(Actor actor, String tenantId);

    /**
     * One page of a tenant's snapshots, newest first, each with its typed details from the manifest
     * (note, actor, trigger, counts, sizes, key id, pinned, encrypted): all a snapshots page needs,
     * in one call. The page's manifests are read in parallel, at most eight at a time per
     * {@code Backups}; a snapshot whose manifest is missing or unreadable is still listed, with
     * an empty {@link SnapshotInfo#manifest()}. Needs VIEW.
     *
     * @param actor who asks
     * @param tenantId the tenant
     * @param offset how many of the newest snapshots to skip, 0 or more
     * @param limit how many rows at most, 1..{@value #MAX_DETAIL_ROWS}
     * @return the page, newest first (empty past the end)
     * @throws PermissionDeniedException without VIEW
     * @throws IllegalArgumentException for a negative offset or a limit outside 1..{@value #MAX_DETAIL_ROWS}
     * @throws StorageException if the listing fails or the manifests are not read within a minute
     */
    List<SnapshotInfo> listWithDetails(Actor actor, String tenantId, int offset, int limit);

    /**
     * One page of a tenant's snapshots, sorted and filtered on the server, each with its typed
     * details, and the counts a pager needs. The listing comes from storage; the page's manifests are
     * read in parallel as in {@link #listWithDetails(Actor, String, int, int)}, and a manifest once
     * read is remembered by this {@code Backups} (keyed by its size and time in storage, so a
     * rewritten one is read again), so paging back and forth reads nothing twice. Needs VIEW.
     *
     * @param actor who asks
     * @param tenantId the tenant
     * @param query order, label filter, offset and limit
     * @return the page (empty rows past the end)
     * @throws PermissionDeniedException without VIEW
     * @throws StorageException if the listing fails or the manifests are not read within a minute
     */
    SnapshotPage listWithDetails(Actor actor, String tenantId, SnapshotQuery query);

    /**
     * Finds one snapshot by its file name. Needs VIEW.
     *
     * @param actor who asks
     * @param tenantId the tenant
     * @param fileName the archive's file name
     * @return the snapshot, or empty
     * @throws PermissionDeniedException without VIEW
     */
    Optional<Snapshot> find(Actor actor, String tenantId, String fileName);

    /**
     * Reads the archive's header (no key needed) and its manifest. Needs VIEW.
     *
     * @param actor who asks
     * @param tenantId the tenant
     * @param fileName the archive's file name
     * @return the details
     * @throws PermissionDeniedException without VIEW
     * @throws SnapshotNotFoundException if there is no such snapshot
     */
    SnapshotDetails inspect(Actor actor, String tenantId, String fileName);

    /**
     * Reads the whole archive: authenticates every segment, decompresses, parses the payload and
     * compares with the manifest. Changes nothing. Needs VIEW.
     *
     * @param actor who asks
     * @param tenantId the tenant
     * @param fileName the archive's file name
     * @return the report
     * @throws PermissionDeniedException without VIEW
     * @throws com.daaisuite.backup.IntegrityException if the archive is tampered, corrupt, of
     *     another tenant or made with an unknown key
     */
    VerificationReport verify(Actor actor, String tenantId, String fileName);

    /**
     * Puts a snapshot on legal hold: it is never pruned or deleted until unpinned. Needs RETENTION.
     *
     * @param actor who asks (audited)
     * @param tenantId the tenant
     * @param fileName the archive's file name
     * @throws PermissionDeniedException without RETENTION
     */
    void pin(Actor actor, String tenantId, String fileName);

    /**
     * Releases a legal hold. Needs RETENTION.
     *
     * @param actor who asks (audited)
     * @param tenantId the tenant
     * @param fileName the archive's file name
     * @throws PermissionDeniedException without RETENTION
     */
    void unpin(Actor actor, String tenantId, String fileName);

    /**
     * Applies the retention policy now, under the tenant's lock. Needs DELETE, or only VIEW for a
     * dry run (which deletes nothing).
     *
     * @param actor who asks (audited)
     * @param tenantId the tenant
     * @param dryRun true to only report what would be deleted
     * @return what was (or would be) deleted and kept
     * @throws PermissionDeniedException without DELETE (VIEW for a dry run)
     */
    PruneReport prune(Actor actor, String tenantId, boolean dryRun);

    /**
     * Deletes one snapshot (its archive, manifest and any leftovers) now, under the tenant's lock.
     * Needs DELETE. A pinned snapshot is refused: unpin it first.
     *
     * @param actor who asks (audited)
     * @param tenantId the tenant
     * @param fileName the archive's file name
     * @throws PermissionDeniedException without DELETE
     * @throws SnapshotNotFoundException if there is no such snapshot
     * @throws LegalHoldException if the snapshot is pinned
     * @throws BackupInProgressException if a backup, prune or restore of the tenant is running
     */
    void delete(Actor actor, String tenantId, String fileName);
}
