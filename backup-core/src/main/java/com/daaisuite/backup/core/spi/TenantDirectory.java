package com.daaisuite.backup.core.spi;

import com.daaisuite.backup.core.Tenant;
import java.util.List;
import java.util.Optional;

/**
 * The host's list of workspaces. Must be thread-safe; may be called at every scheduler tick.
 *
 * <p>The library keeps no copy: every operation asks {@link #find} for the tenant as it is now and every tick asks
 * {@link #all}, so tenants added, suspended or re-zoned while the host runs count from the next call.
 * {@link com.daaisuite.backup.core.LiveTenantDirectory} is a ready thread-safe directory the host changes.
 */
public interface TenantDirectory {

    /**
     * @param tenantId a tenant id
     * @return the tenant, or empty if unknown
     */
    Optional<Tenant> find(String tenantId);

    /** @return every tenant, active or suspended, for {@code runDue} */
    List<Tenant> all();

    /**
     * A fixed directory, for tests, tools and small hosts.
     *
     * @param tenants the tenants
     * @return the directory
     */
    static TenantDirectory of(List<Tenant> tenants) {
        List<Tenant> copy = List.copyOf(tenants);
        return new TenantDirectory() {
            @Override
            public Optional<Tenant> find(String tenantId) {
                return copy.stream().filter(t -> t.id().equals(tenantId)).findFirst();
            }

            @Override
            public List<Tenant> all() {
                return copy;
            }
        };
    }
}
