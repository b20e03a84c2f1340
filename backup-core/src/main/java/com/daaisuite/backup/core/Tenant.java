package com.daaisuite.backup.core;

import com.daaisuite.backup.core.spi.StorageKey;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A customer workspace, as the host's {@link com.daaisuite.backup.core.spi.TenantDirectory}
 * describes it. Build one with {@link #builder(String)}:
 *
 * <pre>{@code
 * Tenant acme = Tenant.builder("acme")
 *         .workspaceName("Acme Traders")
 *         .databaseName("daai_acme")
 *         .frequency(SnapshotLabel.SEVEN_DAY)
 *         .zone(ZoneId.of("Asia/Kolkata"))
 *         .build();
 * }</pre>
 *
 * @param id the tenant id; validated ({@link StorageKey#requireValidTenantId(String)}), used in
 *     storage paths and bound into the archive key
 * @param workspaceName the name a restoring admin must type exactly
 * @param databaseName the tenant's database
 * @param frequency the scheduled backup frequency: one of the {@link SnapshotLabel#scheduled()}
 *     labels
 * @param zone the tenant's time zone, for display and for the 01:00 first run
 * @param sandbox whether the workspace is a sandbox (only sandboxes may use {@link SnapshotLabel#DAILY})
 * @param active false when the subscription is suspended: no backups are taken
 */
public record Tenant(String id, String workspaceName, String databaseName, SnapshotLabel frequency, ZoneId zone,
        boolean sandbox, boolean active) {

    /**
     * The id of {@link #DEFAULT_ZONE}, for places that need a constant string (annotation defaults,
     * configuration files): the one spelling of the product's default zone.
     */
    public static final String DEFAULT_ZONE_ID = "Asia/Kolkata";

    /** The zone used when a tenant names none. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of(Tenant.DEFAULT_ZONE_ID);

    /**
     * Validates every component; prefer {@link #builder(String)}, which names each one.
     *
     * @throws IllegalArgumentException for an invalid id, a blank name or a frequency that is not a
     *     scheduled label
     * @throws NullPointerException for a missing name or frequency
     */
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
        if (!frequency.scheduled()) {
            throw new IllegalArgumentException("Tenant " + id + ": frequency '" + frequency.label()
                    + "' is not a schedule; use one of monthly, 15-day, 7-day, 3-day, 24-hour, daily (sandbox only)");
        }
    }

    /**
     * Starts a tenant. Defaults: workspace name = id, database name = id, {@link SnapshotLabel#TWENTY_FOUR_HOUR},
     * {@link #DEFAULT_ZONE}, not a sandbox, active.
     *
     * @param id the tenant id
     * @return a builder
     */
    public static Builder builder(String id) {
        return new Builder(id);
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
        return builder(id).workspaceName(workspaceName).databaseName(databaseName).build();
    }

    /** @return a builder holding this tenant's values, to change some of them */
    public Builder toBuilder() {
        return new Builder(id).workspaceName(workspaceName).databaseName(databaseName).frequency(frequency)
                .zone(zone).sandbox(sandbox).active(active);
    }

    /**
     * @param f the frequency
     * @return a copy with that frequency
     */
    public Tenant withFrequency(SnapshotLabel f) {
        return toBuilder().frequency(f).build();
    }

    /**
     * @param z the zone
     * @return a copy with that zone
     */
    public Tenant withZone(ZoneId z) {
        return toBuilder().zone(z).build();
    }

    /**
     * @param s sandbox flag
     * @return a copy with that flag
     */
    public Tenant withSandbox(boolean s) {
        return toBuilder().sandbox(s).build();
    }

    /**
     * @param a active flag
     * @return a copy with that flag
     */
    public Tenant withActive(boolean a) {
        return toBuilder().active(a).build();
    }

    /** Builds a {@link Tenant}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private String workspaceName;
        private String databaseName;
        private SnapshotLabel frequency = SnapshotLabel.TWENTY_FOUR_HOUR;
        private ZoneId zone = DEFAULT_ZONE;
        private boolean sandbox;
        private boolean active = true;

        private Builder(String id) {
            this.id = id;
        }

        /**
         * @param name the name a restoring admin must type exactly (default: the id)
         * @return this
         */
        public Builder workspaceName(String name) {
            this.workspaceName = name;
            return this;
        }

        /**
         * @param name the tenant's database (default: the id)
         * @return this
         */
        public Builder databaseName(String name) {
            this.databaseName = name;
            return this;
        }

        /**
         * @param frequency a scheduled label (default {@link SnapshotLabel#TWENTY_FOUR_HOUR})
         * @return this
         */
        public Builder frequency(SnapshotLabel frequency) {
            this.frequency = frequency;
            return this;
        }

        /**
         * @param zone the tenant's zone (default {@link Tenant#DEFAULT_ZONE})
         * @return this
         */
        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        /**
         * @param sandbox true for a sandbox workspace (default false)
         * @return this
         */
        public Builder sandbox(boolean sandbox) {
            this.sandbox = sandbox;
            return this;
        }

        /**
         * @param active false for a suspended subscription (default true)
         * @return this
         */
        public Builder active(boolean active) {
            this.active = active;
            return this;
        }

        /**
         * @return the validated tenant
         * @throws IllegalArgumentException as {@link Tenant#Tenant} does
         */
        public Tenant build() {
            return new Tenant(id, workspaceName != null ? workspaceName : id, databaseName != null ? databaseName : id,
                    frequency, zone, sandbox, active);
        }
    }
}
