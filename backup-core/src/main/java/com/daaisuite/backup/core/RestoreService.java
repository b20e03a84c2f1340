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
     * @param actor who asks
     * @param request the confirmed request (see {@link RestoreRequest#intoDatabase(String)} to restore into another database)
     * @return what was restored
     * @throws PermissionDeniedException without RESTORE
     * @throws ConfirmationMismatchException if the typed name is not exactly the workspace name
     * @throws BackupInProgressException if a backup, prune or restore of the tenant is running
     * @throws com.daaisuite.backup.IntegrityException if the snapshot is tampered, corrupt, of another
     *     tenant or made with an unknown key (the live database is unchanged)
     */
    RestoreResult restore(Actor actor, RestoreRequest request);

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
