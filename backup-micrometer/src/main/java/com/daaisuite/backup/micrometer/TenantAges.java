package com.daaisuite.backup.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Seconds since each tenant's last X" under the cardinality guard: a per-tenant gauge for at most
 * {@code maxSeries} tenants (the first seen), the largest age over every tenant as one aggregate gauge, and the
 * count of tenants without a series of their own. X is the last committed backup today; the restore drill's
 * "last passed drill" is the second instance once the drill exists (MetricNames, reserved names).
 */
final class TenantAges {
    private final MeterRegistry registry;
    private final Clock clock;
    private final int maxSeries;
    private final String perTenantName;
    private final String description;
    private final Map<String, Instant> last = new ConcurrentHashMap<>();
    private final Map<String, Gauge> series = new ConcurrentHashMap<>();

    TenantAges(MeterRegistry registry, Clock clock, int maxSeries, String perTenantName, String oldestName,
            String untrackedName, String description) {
        this.registry = registry;
        this.clock = clock;
        this.maxSeries = maxSeries;
        this.perTenantName = perTenantName;
        this.description = description;
        Gauge.builder(oldestName, this, TenantAges::oldestSeconds).baseUnit("seconds")
                .description(description + ", for the tenant that waited longest (NaN before any)")
                .strongReference(true).register(registry);
        Gauge.builder(untrackedName, this, a -> a.last.size() - a.series.size())
                .description("Tenants over the per-tenant series limit, counted only in the aggregate")
                .strongReference(true).register(registry);
    }

    /** Records {@code at} unless a later instant is known; gives the tenant a series while the limit allows. */
    void record(String tenantId, Instant at) {
        last.merge(tenantId, at, (a, b) -> a.isAfter(b) ? a : b);
        if (!series.containsKey(tenantId) && series.size() < maxSeries) {
            synchronized (series) {
                if (!series.containsKey(tenantId) && series.size() < maxSeries) {
                    series.put(tenantId, Gauge.builder(perTenantName, this, a -> a.seconds(tenantId))
                            .tag(MetricNames.TENANT, tenantId).baseUnit("seconds").description(description)
                            .strongReference(true).register(registry));
                }
            }
        }
    }

    Optional<Instant> last(String tenantId) {
        return Optional.ofNullable(last.get(tenantId));
    }

    /** Drops the tenant and its series, freeing the slot for the next tenant seen. */
    void forget(String tenantId) {
        last.remove(tenantId);
        synchronized (series) {
            Gauge g = series.remove(tenantId);
            if (g != null) {
                registry.remove(g);
            }
        }
    }

    private double seconds(String tenantId) {
        Instant at = last.get(tenantId);
        return at == null ? Double.NaN : seconds(Duration.between(at, clock.instant()));
    }

    private double oldestSeconds() {
        Instant now = clock.instant();
        return last.values().stream().min(Instant::compareTo).map(at -> seconds(Duration.between(at, now))).orElse(Double.NaN);
    }

    private static double seconds(Duration d) {
        return Math.max(0, d.toMillis()) / 1000.0;
    }
}
