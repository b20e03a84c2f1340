package com.daaisuite.backup.core;

import java.util.Objects;

/**
 * A confirmed restore.
 *
 * @param tenantId the tenant whose database is replaced
 * @param fileName the snapshot in the tenant's {@code db-backups} folder
 * @param typedWorkspaceName what the admin typed; must equal the workspace name exactly
 */
public record RestoreRequest(String tenantId, String fileName, String typedWorkspaceName) {
    public RestoreRequest {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(typedWorkspaceName, "typedWorkspaceName");
    }
}
