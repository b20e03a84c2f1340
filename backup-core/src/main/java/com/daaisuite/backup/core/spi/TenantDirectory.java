package com.daaisuite.backup.core.spi;

import com.daaisuite.backup.core.Tenant;
import java.util.List;
import java.util.Optional;

/** The host's list of workspaces. Must be thread-safe; may be called at every scheduler tick. */
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
