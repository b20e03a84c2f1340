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
     * @param request the confirmed request
     * @return what was restored
     * @throws PermissionDeniedException without RESTORE
     * @throws ConfirmationMismatchException if the typed name is not exactly the workspace name
     * @throws BackupInProgressException if a backup, prune or restore of the tenant is running
     * @throws com.daaisuite.backup.IntegrityException if the snapshot is tampered, corrupt, of another
     *     tenant or made with an unknown key (the live database is unchanged)
     */
    RestoreResult restore(Actor actor, RestoreRequest request);
}
