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

    /** The most sample identities of each kind a comparison returns per collection. */
    int MAX_SAMPLES = 1000;

    /**
     * What a snapshot holds: its collections with their types, counts, index names and contents
     * digests, and the whole snapshot's digest. A snapshot taken by this library version has the
     * digests in its sealed manifest and is answered without reading the archive; an older one is
     * read whole (authenticated, parsed) and its digests computed. Changes nothing. Needs VIEW.
     *
     * @param actor who asks
     * @param tenantId the tenant
     * @param fileName the archive's file name
     * @return the contents
     * @throws PermissionDeniedException without VIEW
     * @throws SnapshotNotFoundException if there is no such snapshot
     * @throws com.daaisuite.backup.IntegrityException if the archive or its manifest is tampered or corrupt
     * @throws SourceException if the database source cannot read its payloads document by document
     */
    SnapshotContents contents(Actor actor, String tenantId, String fileName);

    /**
     * Compares two snapshots of one tenant document by document (matched by {@code _id},
     * BSON-exact), streaming with bounded memory (large collections spill to encrypted temporary
     * files that are deleted before this returns). Collections whose recorded digests agree are not
     * read document by document. Changes nothing. Needs VIEW.
     *
     * @param actor who asks
     * @param tenantId the tenant
     * @param a the first (usually older) snapshot's file name
     * @param b the second snapshot's file name
     * @param samples how many identities of each kind to return per collection, 0..{@value #MAX_SAMPLES}
     * @return per collection: status, counts and samples
     * @throws PermissionDeniedException without VIEW
     * @throws SnapshotNotFoundException if either snapshot does not exist
     * @throws IllegalArgumentException if {@code samples} is out of range
     * @throws com.daaisuite.backup.IntegrityException if an archive is tampered or corrupt
     */
    SnapshotComparison compare(Actor actor, String tenantId, String a, String b, int samples);

    /**
     * Compares a snapshot with the tenant's live database ("what changed since this backup?"): the
     * live side is read as a backup reads it (a dump, streamed, never stored), the snapshot as
     * {@link #compare} reads it. Changes nothing. Needs VIEW.
     *
     * @param actor who asks
     * @param tenantId the tenant
     * @param fileName the snapshot (A); B is {@link SnapshotComparison#LIVE}
     * @param samples how many identities of each kind to return per collection, 0..{@value #MAX_SAMPLES}
     * @return per collection: status, counts and samples
     * @throws PermissionDeniedException without VIEW
     * @throws SnapshotNotFoundException if the snapshot does not exist
     * @throws SourceException if the live database cannot be read
     */
    SnapshotComparison compareWithLive(Actor actor, String tenantId, String fileName, int samples);

    /**
     * Finds one document in every snapshot of a tenant, newest first: present or not, its digest,
     * and whether it changed from the next older snapshot. A snapshot whose recorded digest of the
     * collection equals a neighbour's is answered from that neighbour without being read, and one
     * whose manifest lacks the collection without reading it either. Changes nothing. Needs VIEW.
     *
     * @param actor who asks
     * @param tenantId the tenant
     * @param collection the collection
     * @param id the document's identity: canonical extended JSON or a plain string or number
     * @return one row per snapshot, newest first
     * @throws PermissionDeniedException without VIEW
     * @throws IllegalArgumentException if {@code id} is not an identity
     */
    java.util.List<DocumentPresence> findDocument(Actor actor, String tenantId, String collection, String id);

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
