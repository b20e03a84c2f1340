package com.daaisuite.backup.core;

/**
 * The destructive restore, gated by the RESTORE permission, a typed workspace name, the tenant's
 * exclusive lock, an automatic pre-restore safety backup and the host's maintenance gate.
 */
public interface RestoreService {

    /**
     * What the confirmation dialog shows. Needs {@link Permission#RESTORE}; changes nothing.
     *
     * @param actor who asks
     * @param tenantId which workspace
     * @param fileName which snapshot
     * @return the dialog's facts
     * @throws PermissionDeniedException without RESTORE
     * @throws SnapshotNotFoundException if there is no such snapshot
     */
    RestorePreview prepare(Actor actor, String tenantId, String fileName);

    /**
     * Replaces the tenant's database with a snapshot. In order: checks RESTORE and the typed name,
     * takes the tenant's lock, takes a {@code pre-restore} safety backup (and stops if that fails),
     * enters the maintenance gate, restores through the source's validate-before-swap path, always
     * leaves the gate. The live database is untouched unless the whole snapshot authenticates and loads.
     *
     * <p>With a {@link RestoreScope.Collections} scope only the chosen collections are staged and swapped:
     * each becomes exactly the snapshot's (documents, indexes, options) and every other collection is
     * untouched; the same permission, typed name, whole-archive proof, safety backup and journaled swap
     * apply, and the maintenance gate is entered unless the host turned it off for collection restores.
     *
     * @param actor who asks
     * @param request the confirmed request (see {@link RestoreRequest#intoDatabase(String)} to restore into another
     *     database); its scope is the whole database or chosen collections (chosen documents go through
     *     {@link #restoreDocuments})
     * @return what was restored
     * @throws PermissionDeniedException without RESTORE
     * @throws ConfirmationMismatchException if the typed name is not exactly the workspace name
     * @throws BackupInProgressException if a backup, prune or restore of the tenant is running
     * @throws com.daaisuite.backup.IntegrityException if the snapshot is tampered, corrupt, of another
     *     tenant or made with an unknown key (the live database is unchanged)
     */
    RestoreResult restore(Actor actor, RestoreRequest request);

    /**
     * What a collections restore would do (also the dry run): each chosen collection of the snapshot
     * compared with the live one, as {@link SnapshotCatalog#compareWithLive} does. Needs
     * {@link Permission#RESTORE}; writes nothing, takes no safety backup and no lock, and needs no typed name.
     *
     * @param actor who asks
     * @param request a request whose {@link RestoreRequest#scope()} is a {@link RestoreScope.Collections}
     * @return per chosen collection, what would be brought back, replaced and lost
     * @throws PermissionDeniedException without RESTORE
     * @throws SnapshotNotFoundException if there is no such snapshot
     * @throws InvalidSelectionException if a chosen collection is not in the snapshot
     * @throws com.daaisuite.backup.IntegrityException if the snapshot is tampered, corrupt or of another tenant
     */
    CollectionRestorePreview previewCollections(Actor actor, RestoreRequest request);

    /**
     * What a document restore would do (also the dry run): reads the whole snapshot (authenticating it),
     * picks the documents {@code request}'s {@link RestoreScope.Documents} chooses, and compares them with
     * the live collection by {@code _id}, BSON-exact. Needs {@link Permission#RESTORE}; writes nothing,
     * takes no safety backup and no lock, and needs no typed name.
     *
     * @param actor who asks
     * @param request a request whose {@link RestoreRequest#scope()} is a {@link RestoreScope.Documents}
     * @return the counts that would be inserted, replaced and left unchanged
     * @throws PermissionDeniedException without RESTORE
     * @throws SnapshotNotFoundException if there is no such snapshot
     * @throws InvalidSelectionException if an id or the filter cannot be evaluated exactly
     * @throws com.daaisuite.backup.IntegrityException if the snapshot is tampered, corrupt or of another tenant
     */
    DocumentRestorePreview previewDocuments(Actor actor, RestoreRequest request);

    /**
     * Writes chosen documents of a snapshot back into the live collection (docs/restore.md, "Restoring
     * part of a snapshot"). In order: checks RESTORE and the typed workspace name, applies the origin
     * rules, reads and authenticates the whole snapshot (nothing is written before), takes the tenant's
     * lock, finishes an interrupted whole restore, takes a {@code pre-restore} safety backup, then
     * writes each chosen document by {@code _id}: inserted when missing, replaced when different
     * (unless missing only). Nothing is deleted and no other document changes; every write is
     * idempotent, so a run that was interrupted is simply run again. No maintenance gate.
     *
     * @param actor who asks
     * @param request a confirmed request whose {@link RestoreRequest#scope()} is a {@link RestoreScope.Documents}
     * @return what was written
     * @throws PermissionDeniedException without RESTORE
     * @throws ConfirmationMismatchException if the typed name is not exactly the workspace name (nothing changed)
     * @throws BackupInProgressException if a backup, prune or restore of the tenant is running
     * @throws InvalidSelectionException if an id or the filter cannot be evaluated exactly
     * @throws com.daaisuite.backup.IntegrityException if the snapshot is tampered, corrupt, of another
     *     tenant or made with an unknown key (no safety backup was taken, nothing was written)
     */
    DocumentRestoreResult restoreDocuments(Actor actor, RestoreRequest request);

    /**
     * Finds a restore of the tenant's database that was interrupted after it began to change it (the
     * process died, the connection was lost) and finishes it from its journal: forward when the staged
     * snapshot was complete, otherwise back to the collections it had set aside. Every backup, restore,
     * status call and scheduled run does the same first; this is the explicit way, for an operator.
     * The workspace is in maintenance while it runs. Needs {@link Permission#RESTORE}.
     *
     * @param actor who asks
     * @param tenantId which workspace
     * @return what was found and done ({@link RecoveryReport.Outcome#NOTHING_TO_RECOVER} when nothing was interrupted)
     * @throws PermissionDeniedException without RESTORE
     * @throws BackupInProgressException if a backup, prune or restore of the tenant is running
     * @throws SourceException if recovery fails (the workspace stays in maintenance; call again)
     */
    RecoveryReport recover(Actor actor, String tenantId);
}
