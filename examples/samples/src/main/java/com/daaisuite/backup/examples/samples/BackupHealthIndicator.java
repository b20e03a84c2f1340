package com.daaisuite.backup.examples.samples;

import com.daaisuite.backup.core.BackupHealth;
import com.daaisuite.backup.core.BackupHealthCheck;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The Spring Boot Actuator sample of docs/operations.md ("Health"), compiled against spring-boot-actuator 3.5. */
final class BackupHealthIndicatorSample {
    private BackupHealthIndicatorSample() {}

    // sample: operations: Actuator HealthIndicator
    @Component("backups")
    public static class BackupHealthIndicator implements HealthIndicator {
        private final BackupHealthCheck check;
        private final TenantDirectory tenants;
        private volatile BackupHealth last;

        public BackupHealthIndicator(BackupHealthCheck check, TenantDirectory tenants) {
            this.check = check;
            this.tenants = tenants;
        }

        // Every tenant's folder is listed: refresh on a schedule, never on each probe.
        @Scheduled(fixedDelayString = "PT5M")
        public void refresh() {
            last = check.overall(tenants.all().stream().map(Tenant::id).toList());
        }

        @Override
        public Health health() {
            BackupHealth h = last;
            if (h == null) {
                return Health.unknown().withDetail("reason", "not checked yet").build();
            }
            // A custom status for every problem: keep this indicator out of the liveness and readiness groups,
            // a late backup must not take the application out of its load balancer.
            Health.Builder b = h.ok() ? Health.up() : Health.status(h.state().name());
            return b.withDetail("checkedAt", h.checkedAt().toString()).withDetail("reasons", h.reasons()).build();
        }
    }
    // end-sample
}
