package com.daaisuite.backup.core;

import com.daaisuite.backup.core.spi.TenantDirectory;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A {@link TenantDirectory} the host changes while {@code Backups} runs: workspaces added, suspended, resumed,
 * re-zoned, given another frequency, removed. The library keeps no copy of the directory: every operation asks
 * {@link #find} for the tenant as it is now, and every scheduler tick asks {@link #all}, so a change counts from
 * the next call (an operation already running finishes with the tenant it started with).
 *
 * <pre>{@code
 * LiveTenantDirectory tenants = LiveTenantDirectory.of(workspaceRepository.loadAll());
 * Backups.builder().tenants(tenants);
 * // when the host's own workspace table changes:
 * tenants.put(Tenant.builder("globex").workspaceName("Globex").databaseName("daai_globex").build());
 * tenants.suspend("acme");                          // subscription lapsed: scheduled backups stop
 * tenants.rezone("initech", ZoneId.of("Europe/Berlin"));
 * }</pre>
 *
 * <p>Thread-safe; {@link #all()} lists the tenants by id.
 */
public final class LiveTenantDirectory implements TenantDirectory {
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    private LiveTenantDirectory() {}

    /**
     * @param initial the tenants to start with (ids must be unique)
     * @return the directory
     * @throws IllegalArgumentException for a repeated id
     */
    public static LiveTenantDirectory of(Collection<Tenant> initial) {
        LiveTenantDirectory d = new LiveTenantDirectory();
        for (Tenant t : initial) {
            if (d.tenants.putIfAbsent(Objects.requireNonNull(t, "tenant").id(), t) != null) {
                throw new IllegalArgumentException("Tenant id " + t.id() + " appears twice in the initial tenants");
            }
        }
        return d;
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        return tenantId == null ? Optional.empty() : Optional.ofNullable(tenants.get(tenantId));
    }

    @Override
    public List<Tenant> all() {
        return List.copyOf(new TreeMap<>(tenants).values());
    }

    /**
     * Adds a tenant, or replaces the one with its id (any change the builder can express).
     *
     * @param tenant the tenant as it is now
     * @return the tenant it replaced, if any
     */
    public Optional<Tenant> put(Tenant tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return Optional.ofNullable(tenants.put(tenant.id(), tenant));
    }

    /**
     * Replaces the whole directory, for a host that reloads its list: tenants missing from it are removed.
     *
     * @param now every tenant as it is now
     */
    public void replaceAll(Collection<Tenant> now) {
        LiveTenantDirectory next = of(now);
        tenants.keySet().retainAll(next.tenants.keySet());
        tenants.putAll(next.tenants);
    }

    /**
     * Suspends a tenant: scheduled backups skip it and Backup Now is refused until {@link #resume}.
     *
     * @param tenantId the tenant
     * @return the tenant as it is now
     * @throws UnknownTenantException if the directory does not hold it
     */
    public Tenant suspend(String tenantId) {
        return change(tenantId, t -> t.withActive(false));
    }

    /**
     * @param tenantId the tenant
     * @return the tenant as it is now, active again
     * @throws UnknownTenantException if the directory does not hold it
     */
    public Tenant resume(String tenantId) {
        return change(tenantId, t -> t.withActive(true));
    }

    /**
     * Moves a tenant to another time zone: its listings show local times there, and a schedule whose first run
     * is still ahead runs at 01:00 there.
     *
     * @param tenantId the tenant
     * @param zone the new zone
     * @return the tenant as it is now
     * @throws UnknownTenantException if the directory does not hold it
     */
    public Tenant rezone(String tenantId, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return change(tenantId, t -> t.withZone(zone));
    }

    /**
     * Removes a tenant: every later call about it fails with {@link UnknownTenantException}. Its snapshots stay
     * in storage.
     *
     * @param tenantId the tenant
     * @return the tenant removed, if it was there
     */
    public Optional<Tenant> remove(String tenantId) {
        return Optional.ofNullable(tenants.remove(tenantId));
    }

    private Tenant change(String tenantId, UnaryOperator<Tenant> how) {
        Tenant t = tenants.computeIfPresent(tenantId, (id, before) -> how.apply(before));
        if (t == null) {
            throw new UnknownTenantException("The live tenant directory does not hold tenant '" + tenantId
                    + "'; add it with put(..) first.");
        }
        return t;
    }

    @Override
    public String toString() {
        return "LiveTenantDirectory[" + tenants.size() + " tenants]";
    }
}
