package com.daaisuite.backup.core.spi;

import com.daaisuite.backup.core.Tenant;

/**
 * Makes a workspace briefly unavailable while a restore swaps its data in. The library calls
 * {@link #exit(Tenant)} after a successful {@link #enter(Tenant, String)} once the workspace's data is
 * whole again: at the end of the restore, whether it succeeded or failed before its swap began.
 *
 * <p>One case keeps the gate entered: a restore interrupted in the middle of its swap (a failed
 * rename, a lost connection, a killed process) leaves the database half old, half new. The workspace
 * then stays in maintenance until recovery finishes the swap forward or rolls it back, which happens
 * at the next operation on that tenant (backup, restore, status, {@code runDue}) or through
 * {@code RestoreService.recover}; recovery calls {@link #enter(Tenant, String)} again (so the gate
 * must tolerate a second enter, for example after a process restart) and then {@link #exit(Tenant)}.
 * See {@code docs/restore.md}.
 */
public interface MaintenanceGate {
    /** A gate that does nothing, for hosts without a maintenance mode. */
    MaintenanceGate NONE = new MaintenanceGate() {
        @Override
        public void enter(Tenant tenant, String reason) {}

        @Override
        public void exit(Tenant tenant) {}
    };

    /**
     * @param tenant the workspace
     * @param reason shown to users, such as "Restoring a backup"
     */
    void enter(Tenant tenant, String reason);

    /** @param tenant the workspace */
    void exit(Tenant tenant);
}
