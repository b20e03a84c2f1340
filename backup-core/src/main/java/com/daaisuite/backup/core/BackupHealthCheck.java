package com.daaisuite.backup.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Asks the library for the {@link BackupHealth} of one tenant or of many: the status of each (one storage
 * listing and one small manifest read per tenant), judged by {@link BackupHealth#of}, with a storage that cannot
 * be read reported as {@link BackupHealth.State#STORAGE_UNREADABLE} instead of thrown.
 *
 * <pre>{@code
 * BackupHealthCheck health = BackupHealthCheck.builder(backups)
 *         .actor(Actor.system("health"))      // the access policy must allow it VIEW
 *         .grace(Duration.ofHours(3))         // how late a scheduled backup may be
 *         .build();
 * BackupHealth all = health.overall(tenantDirectory.all().stream().map(Tenant::id).toList());
 * }</pre>
 *
 * <p>The overall check reads every tenant's folder: with thousands of tenants, run it on a schedule (every few
 * minutes) and serve the last result, rather than on every probe. Thread-safe.
 */
public final class BackupHealthCheck {
    private final BackupService backups;
    private final Actor actor;
    private final Duration grace;
    private final Clock clock;
    private final Function<String, Optional<BackupHealth.DrillVerdict>> lastDrill;

    private BackupHealthCheck(Builder b) {
        this.backups = b.backups;
        this.actor = b.actor;
        this.grace = b.grace;
        this.clock = b.clock;
        this.lastDrill = b.lastDrill;
    }

    /**
     * @param backups the service to ask ({@link Backups} itself)
     * @return a builder
     */
    public static Builder builder(BackupService backups) {
        return new Builder(backups);
    }

    /**
     * One tenant's health.
     *
     * @param tenantId the tenant
     * @return its health; {@link BackupHealth.State#STORAGE_UNREADABLE} when its folder cannot be listed
     * @throws PermissionDeniedException when the access policy does not allow the check's actor VIEW
     * @throws UnknownTenantException for a tenant the directory does not know
     */
    public BackupHealth tenant(String tenantId) {
        Objects.requireNonNull(tenantId, "tenantId");
        BackupStatus status;
        try {
            status = backups.status(actor, tenantId);
        } catch (StorageException x) {
            return new BackupHealth(Optional.of(tenantId), BackupHealth.State.STORAGE_UNREADABLE,
                    List.of("The backups of " + tenantId + " cannot be read: " + x.getMessage()), clock.instant(), List.of());
        }
        // By default the drill is the one the status carries (kept beside the snapshot by DrillService).
        return BackupHealth.of(status, clock.instant(), grace,
                lastDrill != null ? lastDrill.apply(tenantId) : status.lastDrill().map(DrillResult::verdict));
    }

    /**
     * The overall health of the given tenants, each checked in turn. A tenant the directory no longer knows
     * (removed since the list was taken) is left out.
     *
     * @param tenantIds the tenants, for example every id of the host's tenant directory
     * @return the overall health, with every tenant's own
     * @throws PermissionDeniedException when the access policy does not allow the check's actor VIEW
     */
    public BackupHealth overall(List<String> tenantIds) {
        List<BackupHealth> each = new ArrayList<>(tenantIds.size());
        for (String id : tenantIds) {
            try {
                each.add(tenant(id));
            } catch (UnknownTenantException removedMeanwhile) {
                // Not a tenant any more: nothing to be healthy about.
            }
        }
        return BackupHealth.overall(each, clock.instant());
    }

    /** Builds {@link BackupHealthCheck}. */
    public static final class Builder {
        private final BackupService backups;
        private Actor actor = Actor.system("health");
        private Duration grace = BackupHealth.DEFAULT_GRACE;
        private Clock clock = Clock.systemUTC();
        private Function<String, Optional<BackupHealth.DrillVerdict>> lastDrill;

        private Builder(BackupService backups) {
            this.backups = Objects.requireNonNull(backups, "backups");
        }

        /**
         * @param actor who asks for the statuses (default {@code system:health}); the access policy must allow it
         *     {@link Permission#VIEW}
         * @return this
         */
        public Builder actor(Actor actor) {
            this.actor = Objects.requireNonNull(actor, "actor");
            return this;
        }

        /**
         * @param grace how long past its due time a scheduled backup may be before the tenant is late (default
         *     {@link BackupHealth#DEFAULT_GRACE}); allow for the scheduler's period and for a tick's queue of
         *     tenants when many are due at once
         * @return this
         */
        public Builder grace(Duration grace) {
            Objects.requireNonNull(grace, "grace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("grace must not be negative, got " + grace);
            }
            this.grace = grace;
            return this;
        }

        /**
         * @param clock the clock lateness is judged by; pass the one {@code Backups} was built with (default: the
         *     system clock)
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where each tenant's last restore drill comes from. By default it is {@link BackupStatus#lastDrill()}
         * (the result {@link DrillService} keeps beside the snapshot); a host that runs drills elsewhere feeds
         * its own here.
         *
         * @param lastDrill the last drill of a tenant id, if any
         * @return this
         */
        public Builder lastDrill(Function<String, Optional<BackupHealth.DrillVerdict>> lastDrill) {
            this.lastDrill = Objects.requireNonNull(lastDrill, "lastDrill");
            return this;
        }

        /** @return the check */
        public BackupHealthCheck build() {
            return new BackupHealthCheck(this);
        }
    }
}
