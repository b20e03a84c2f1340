package com.daaisuite.backup.examples.samples;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupHealth;
import com.daaisuite.backup.core.BackupHealthCheck;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import java.time.Duration;
import com.daaisuite.backup.micrometer.BackupMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The samples of docs/operations.md's "Metrics and health" and of the metrics and health Javadoc, compiled
 * like those of {@link Samples}. The methods are never run; their parameters stand for what the host has.
 */
@SuppressWarnings("unused")
final class OperationsSamples {
    private OperationsSamples() {}

    static BackupMetrics metricsJavadoc(MeterRegistry meterRegistry, Backups.Builder backupsBuilder) {
        // sample: BackupMetrics Javadoc
        BackupMetrics metrics = BackupMetrics.builder(meterRegistry)
                .maxTenantSeries(200)   // per-tenant "last good backup" gauges; the rest are aggregated
                .build();
        backupsBuilder.listener(metrics); // Backups.builder(), before build()
        // end-sample
        return metrics;
    }

    static BackupHealth healthJavadoc(Backups backups, TenantDirectory tenantDirectory) {
        // sample: BackupHealthCheck Javadoc
        BackupHealthCheck health = BackupHealthCheck.builder(backups)
                .actor(Actor.system("health"))      // the access policy must allow it VIEW
                .grace(Duration.ofHours(3))         // how late a scheduled backup may be
                .build();
        BackupHealth all = health.overall(tenantDirectory.all().stream().map(Tenant::id).toList());
        // end-sample
        return all;
    }
}
