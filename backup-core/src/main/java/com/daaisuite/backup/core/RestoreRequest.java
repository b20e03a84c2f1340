package com.daaisuite.backup.core;

import java.util.Objects;

/**
 * A confirmed restore.
 *
 * @param tenantId the tenant whose database is replaced
 * @param fileName the snapshot in the tenant's {@code db-backups} folder
 * @param typedWorkspaceName what the admin typed; must equal the workspace name exactly
 * @param acceptUnverifiedOrigin true to restore a plaintext snapshot the origin rules would refuse
 *     by default ({@link Origin#NEEDS_OVERRIDE}); never overrides {@link Origin#REFUSED}
 */
public record RestoreRequest(String tenantId, String fileName, String typedWorkspaceName, boolean acceptUnverifiedOrigin) {
    public RestoreRequest {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(typedWorkspaceName, "typedWorkspaceName");
    }

    /**
     * A confirmed restore under the default origin rules.
     *
     * @param tenantId the tenant whose database is replaced
     * @param fileName the snapshot in the tenant's {@code db-backups} folder
     * @param typedWorkspaceName what the admin typed; must equal the workspace name exactly
     */
    public RestoreRequest(String tenantId, String fileName, String typedWorkspaceName) {
        this(tenantId, fileName, typedWorkspaceName, false);
    }

    /**
     * The same request, explicitly accepting a plaintext snapshot whose origin cannot be verified
     * although it is newer than the tenant's first encrypted snapshot (an attacker's plant, most
     * likely: only use it for an archive you put there yourself). The restore is audited as
     * {@link BackupEvent.Type#UNVERIFIED_RESTORE}.
     *
     * @return a copy with {@link #acceptUnverifiedOrigin()} true
     */
    public RestoreRequest acceptingUnverifiedOrigin() {
        return new RestoreRequest(tenantId, fileName, typedWorkspaceName, true);
    }
}
