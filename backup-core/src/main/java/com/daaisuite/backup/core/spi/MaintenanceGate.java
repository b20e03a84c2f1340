package com.daaisuite.backup.core.spi;

import com.daaisuite.backup.core.Tenant;

/**
 * Makes a workspace briefly unavailable while a restore swaps its data in. The library always calls
 * {@link #exit(Tenant)} after a successful {@link #enter(Tenant, String)}, whatever happens between.
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
