package com.daaisuite.backup.micrometer;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupService;
import com.daaisuite.backup.core.PermissionDeniedException;
import com.daaisuite.backup.core.BackupStatus;
import com.daaisuite.backup.core.DrillResult;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.SnapshotName;
import com.daaisuite.backup.core.spi.BackupListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The library's events as Micrometer meters: add it as a listener and every backup, restore and
 * integrity failure is counted and timed on the host's registry.
 *
 * <pre>{@code
 * BackupMetrics metrics = BackupMetrics.builder(meterRegistry)
 *         .maxTenantSeries(200)   // per-tenant "last good backup" gauges; the rest are aggregated
 *         .build();
 * backupsBuilder.listener(metrics); // Backups.builder(), before build()
 * }</pre>
 *
 * <p><b>Cardinality.</b> Counters and timers are tagged only with small, fixed sets of values
 * ({@link MetricNames#OUTCOME}, {@link MetricNames#TRIGGER}), never with a tenant, so they stay a handful of
 * series whatever the number of tenants. The one per-tenant meter, {@link MetricNames#LAST_SUCCESS_AGE}, is
 * registered for at most {@link Builder#maxTenantSeries(int)} tenants (default
 * {@value #DEFAULT_MAX_TENANT_SERIES}; 0 turns per-tenant series off), in the order they are first seen. Every
 * tenant, with or without a series, counts in {@link MetricNames#OLDEST_LAST_SUCCESS_AGE} (the alert to set:
 * "some tenant has not been backed up for too long") and those without one in
 * {@link MetricNames#UNTRACKED_TENANTS}. A host with thousands of tenants alerts on the aggregate and looks the
 * tenant up with {@code daai-backup status} or the health check.
 *
 * <p><b>After a restart</b> the ages are known only once each tenant's next backup completes; seed them with
 * {@link #seedFrom(BackupService, Actor, Collection)} (or {@link #recordLastSuccess(String, Instant)}) if the
 * alert must hold across restarts.
 *
 * <p>Thread-safe; events arrive on the library's working threads and are handled without blocking.
 */
public final class BackupMetrics implements BackupListener {
    /** Per-tenant series registered unless {@link Builder#maxTenantSeries(int)} says otherwise. */
    public static final int DEFAULT_MAX_TENANT_SERIES = 100;

    /** Archive-size histogram buckets, in bytes: 1 MiB to 64 GiB, by factors of four. */
    private static final double[] SIZE_BUCKETS = {
        1L << 20, 4L << 20, 16L << 20, 64L << 20, 256L << 20, 1L << 30, 4L << 30, 16L << 30, 64L << 30};

    private final MeterRegistry registry;
    private final Map<String, Integer> backupsRunning = new ConcurrentHashMap<>();
    private final Map<String, Integer> restoresRunning = new ConcurrentHashMap<>();
    private final TenantAges lastSuccess;
    private final TenantAges lastDrill;

    private BackupMetrics(Builder b) {
        this.registry = b.registry;
        Gauge.builder(MetricNames.BACKUPS_IN_FLIGHT, backupsRunning, BackupMetrics::sum)
                .description("Backups running now in this process").strongReference(true).register(registry);
        Gauge.builder(MetricNames.RESTORES_IN_FLIGHT, restoresRunning, BackupMetrics::sum)
                .description("Restores running now in this process").strongReference(true).register(registry);
        this.lastSuccess = new TenantAges(registry, b.clock, b.maxTenantSeries, MetricNames.LAST_SUCCESS_AGE,
                MetricNames.OLDEST_LAST_SUCCESS_AGE, MetricNames.UNTRACKED_TENANTS, "Seconds since the tenant's last committed backup");
        this.lastDrill = new TenantAges(registry, b.clock, b.maxTenantSeries, MetricNames.LAST_DRILL_AGE,
                MetricNames.OLDEST_LAST_DRILL_AGE, MetricNames.UNTRACKED_DRILL_TENANTS,
                "Seconds since the tenant's last passed restore drill");
    }

    /**
     * Starts a binder on a registry.
     *
     * @param registry the host's registry (Prometheus, the simple registry, a composite)
     * @return a builder
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public void onEvent(BackupEvent e) {
        switch (e.type()) {
            case BACKUP_STARTED -> running(backupsRunning, e.tenantId(), +1);
            case BACKUP_COMPLETED -> {
                running(backupsRunning, e.tenantId(), -1);
                String trigger = trigger(e.fileName());
                backups("completed", trigger).increment();
                backupTimer("completed", trigger).record(e.duration());
                archiveSize(trigger).record(e.bytes());
                recordLastSuccess(e.tenantId(), e.at());
            }
            case BACKUP_FAILED -> {
                running(backupsRunning, e.tenantId(), -1);
                String trigger = trigger(e.fileName());
                backups("failed", trigger).increment();
                backupTimer("failed", trigger).record(e.duration());
            }
            case BACKUP_REFUSED -> backups("refused", trigger(e.fileName())).increment();
            // Only the scheduler tick skips a tenant.
            case BACKUP_SKIPPED -> backups("skipped", "scheduled").increment();
            case RESTORE_STARTED -> running(restoresRunning, e.tenantId(), +1);
            case RESTORE_COMPLETED -> {
                running(restoresRunning, e.tenantId(), -1);
                restores("completed").increment();
                restoreTimer("completed").record(e.duration());
            }
            case RESTORE_FAILED -> {
                running(restoresRunning, e.tenantId(), -1);
                restores("failed").increment();
                restoreTimer("failed").record(e.duration());
            }
            case RESTORE_REFUSED -> restores("refused").increment();
            case RESTORE_RECOVERED -> {
                restores("recovered").increment();
                restoreTimer("recovered").record(e.duration());
            }
            case INTEGRITY_FAILURE -> Counter.builder(MetricNames.INTEGRITY_FAILURES)
                    .description("Archives or manifests that failed an integrity check").register(registry).increment();
            case DRILL_PASSED -> {
                drills("passed").increment();
                drillTimer("passed").record(e.duration());
                lastDrill.record(e.tenantId(), e.at());
            }
            case DRILL_FAILED -> {
                drills("failed").increment();
                drillTimer("failed").record(e.duration());
            }
            // Progress, pins, prunes and refusals of other operations are audit, not metrics.
            default -> { }
        }
    }

    /**
     * Records a tenant's last committed backup, as a completed backup does: seeds the ages after a restart.
     * An older instant than the one known is ignored.
     *
     * @param tenantId the tenant
     * @param at when its newest good snapshot was taken
     */
    public void recordLastSuccess(String tenantId, Instant at) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(at, "at");
        lastSuccess.record(tenantId, at);
    }

    /**
     * Seeds the ages after a restart from what the library knows: each tenant's newest snapshot
     * ({@code backups.status(actor, tenantId).lastSnapshot()}, one storage listing per tenant). A tenant whose
     * status cannot be read (storage unreachable, no longer in the directory) is skipped; the next backup
     * records it.
     *
     * @param backups the service ({@code Backups} itself)
     * @param actor who asks; the access policy must allow it {@code VIEW}
     * @param tenantIds the tenants to seed, for example every id of the host's tenant directory
     * @return how many tenants were seeded
     * @throws com.daaisuite.backup.core.PermissionDeniedException when {@code actor} may not see the status
     */
    public int seedFrom(BackupService backups, Actor actor, Collection<String> tenantIds) {
        int seeded = 0;
        for (String id : tenantIds) {
            Optional<Snapshot> newest;
            Optional<DrillResult> drill;
            try {
                BackupStatus st = backups.status(actor, id);
                newest = st.lastSnapshot();
                drill = st.lastDrill();
            } catch (PermissionDeniedException denied) {
                throw denied;
            } catch (BackupException unreadable) {
                continue;
            }
            if (newest.isPresent()) {
                recordLastSuccess(id, newest.get().createdAt());
                seeded++;
            }
            drill.filter(DrillResult::passed).ifPresent(d -> lastDrill.record(id, d.finishedAt()));
        }
        return seeded;
    }

    /**
     * Forgets a tenant (deleted from the directory): its series is removed and its slot freed for another.
     *
     * @param tenantId the tenant
     */
    public void forgetTenant(String tenantId) {
        lastSuccess.forget(tenantId);
        lastDrill.forget(tenantId);
        backupsRunning.remove(tenantId);
        restoresRunning.remove(tenantId);
    }

    /**
     * @param tenantId a tenant
     * @return when its last committed backup was taken, as far as this binder knows
     */
    public Optional<Instant> lastSuccess(String tenantId) {
        return lastSuccess.last(tenantId);
    }

    private Counter backups(String outcome, String trigger) {
        return Counter.builder(MetricNames.BACKUPS).tag(MetricNames.OUTCOME, outcome).tag(MetricNames.TRIGGER, trigger)
                .description("Backup attempts by outcome and trigger").register(registry);
    }

    private Timer backupTimer(String outcome, String trigger) {
        return Timer.builder(MetricNames.BACKUP_DURATION).tag(MetricNames.OUTCOME, outcome).tag(MetricNames.TRIGGER, trigger)
                .description("How long backups took").register(registry);
    }

    private DistributionSummary archiveSize(String trigger) {
        return DistributionSummary.builder(MetricNames.ARCHIVE_SIZE).tag(MetricNames.TRIGGER, trigger).baseUnit("bytes")
                .serviceLevelObjectives(SIZE_BUCKETS).description("Sizes of committed archives").register(registry);
    }

    /**
     * @param tenantId a tenant
     * @return when its last passed restore drill ended, as far as this binder knows
     */
    public Optional<Instant> lastPassedDrill(String tenantId) {
        return lastDrill.last(tenantId);
    }

    private Counter drills(String outcome) {
        return Counter.builder(MetricNames.DRILLS).tag(MetricNames.OUTCOME, outcome)
                .description("Restore drills by outcome").register(registry);
    }

    private Timer drillTimer(String outcome) {
        return Timer.builder(MetricNames.DRILL_DURATION).tag(MetricNames.OUTCOME, outcome)
                .description("How long restore drills took").register(registry);
    }

    private Counter restores(String outcome) {
        return Counter.builder(MetricNames.RESTORES).tag(MetricNames.OUTCOME, outcome)
                .description("Restores by outcome").register(registry);
    }

    private Timer restoreTimer(String outcome) {
        return Timer.builder(MetricNames.RESTORE_DURATION).tag(MetricNames.OUTCOME, outcome)
                .description("How long restores took").register(registry);
    }

    /**
     * The trigger from the snapshot's label, the one place an event states it: {@code manual} is Backup Now or a
     * manual synchronous backup, {@code pre-restore} the safety backup, a frequency the schedule.
     */
    static String trigger(String fileName) {
        Optional<SnapshotName> name = fileName == null ? Optional.empty() : SnapshotName.parse(fileName);
        if (name.isEmpty()) {
            return "unknown";
        }
        SnapshotLabel label = name.get().label();
        if (label.scheduled()) {
            return "scheduled";
        }
        return label.label().replace('-', '_').toLowerCase(Locale.ROOT);
    }

    private static void running(Map<String, Integer> running, String tenantId, int delta) {
        if (tenantId == null) {
            return;
        }
        // A failure can be reported without a start (a refusal inside the workflow): never go below zero.
        running.compute(tenantId, (k, v) -> {
            int n = (v == null ? 0 : v) + delta;
            return n <= 0 ? null : n;
        });
    }

    private static double sum(Map<String, Integer> running) {
        return running.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Builds {@link BackupMetrics}; the meters are registered by {@link #build()}. */
    public static final class Builder {
        private final MeterRegistry registry;
        private Clock clock = Clock.systemUTC();
        private int maxTenantSeries = DEFAULT_MAX_TENANT_SERIES;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * @param max tenants that get their own {@link MetricNames#LAST_SUCCESS_AGE} series, 0..100000;
         *     0 turns per-tenant series off (the aggregate stays)
         * @return this
         */
        public Builder maxTenantSeries(int max) {
            if (max < 0 || max > 100_000) {
                throw new IllegalArgumentException("maxTenantSeries must be 0..100000, got " + max);
            }
            this.maxTenantSeries = max;
            return this;
        }

        /**
         * @param clock the clock ages are measured against; pass the one {@code Backups} was built with
         *     (default: the system clock)
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return the binder, with its process-wide meters registered */
        public BackupMetrics build() {
            return new BackupMetrics(this);
        }
    }
}
