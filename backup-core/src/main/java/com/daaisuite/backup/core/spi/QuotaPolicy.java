package com.daaisuite.backup.core.spi;

import com.daaisuite.backup.core.Tenant;
import java.util.OptionalLong;

/** Backups count against a tenant's file-storage limit; the host says how much room is left. */
@FunctionalInterface
public interface QuotaPolicy {
    /** No quota. */
    QuotaPolicy UNLIMITED = tenant -> OptionalLong.empty();

    /**
     * @param tenant the workspace
     * @return bytes the tenant may still store, or empty for no limit
     */
    OptionalLong headroomBytes(Tenant tenant);
}
