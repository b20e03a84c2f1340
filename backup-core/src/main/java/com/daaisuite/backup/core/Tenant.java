package com.daaisuite.backup.core;

import com.daaisuite.backup.core.spi.StorageKey;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A customer workspace, as the host's {@link com.daaisuite.backup.core.spi.TenantDirectory}
 * describes it.
 *
 * @param id the tenant id; validated ({@link StorageKey#requireValidTenantId(String)}), used in
 *     storage paths and bound into the archive key
 * @param workspaceName the name a restoring admin must type exactly
 * @param databaseName the tenant's database
 * @param frequency the scheduled backup frequency
 * @param zone the tenant's time zone, for display and for the 01:00 first run
 * @param sandbox whether the workspace is a sandbox (only sandboxes may use {@link Frequency#DAILY})
 * @param active false when the subscription is suspended: no backups are taken
 */
public record Tenant(String id, String workspaceName, String databaseName, Frequency frequency, ZoneId zone,
        boolean sandbox, boolean active) {

    /** The zone used when a tenant names none. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Kolkata");

    public Tenant {
        StorageKey.requireValidTenantId(id);
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(databaseName, "databaseName");
        Objects.requireNonNull(frequency, "frequency");
        if (zone == null) {
            zone = DEFAULT_ZONE;
        }
        if (workspaceName.isBlank()) {
            throw new IllegalArgumentException("Tenant " + id + ": workspaceName must not be blank");
        }
        if (databaseName.isBlank()) {
            throw new IllegalArgumentException("Tenant " + id + ": databaseName must not be blank");
        }
    }

    /**
     * A convenient active, non-sandbox tenant on a 24-hour schedule in the default zone.
     *
     * @param id tenant id
     * @param workspaceName workspace name
     * @param databaseName database name
     * @return the tenant
     */
    public static Tenant of(String id, String workspaceName, String databaseName) {
        return new Tenant(id, workspaceName, databaseName, Frequency.TWENTY_FOUR_HOUR, DEFAULT_ZONE, false, true);
    }

    /**
     * @param f the frequency
     * @return a copy with that frequency
     */
    public Tenant withFrequency(Frequency f) {
        return new Tenant(id, workspaceName, databaseName, f, zone, sandbox, active);
    }

    /**
     * @param z the zone
     * @return a copy with that zone
     */
    public Tenant withZone(ZoneId z) {
        return new Tenant(id, workspaceName, databaseName, frequency, z, sandbox, active);
    }

    /**
     * @param s sandbox flag
     * @return a copy with that flag
     */
    public Tenant withSandbox(boolean s) {
        return new Tenant(id, workspaceName, databaseName, frequency, zone, s, active);
    }

    /**
     * @param a active flag
     * @return a copy with that flag
     */
    public Tenant withActive(boolean a) {
        return new Tenant(id, workspaceName, databaseName, frequency, zone, sandbox, a);
    }
}
