package com.daaisuite.backup.examples.samples;

import com.daaisuite.backup.core.BackupService;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.spi.AccessPolicy;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoBackupLock;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.mongodb.client.MongoClient;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

// The Spring scheduling sample of docs/operations.md (see Samples for the rules).
// sample: operations: Spring
@Configuration
@EnableScheduling
class BackupConfiguration {

    @Bean(destroyMethod = "close")
    Backups backups(MongoClient client, TenantDirectory tenants, AccessPolicy access) {
        return Backups.builder()
                .source(MongoDatabaseSource.builder(client).build())
                .storage("s3://daai-backups/prod")
                .keys(KeyProviders.fromEnvironment())
                .tenants(tenants)
                .access(access)
                .lock(new MongoBackupLock(client.getDatabase("app").getCollection("backup_locks")))
                .build();
    }
}

@Component
class BackupTick {
    private static final Logger log = LoggerFactory.getLogger(BackupTick.class);
    private final Backups backups;

    BackupTick(Backups backups) {
        this.backups = backups;
    }

    // fixedDelay, not fixedRate or cron: a long tick (many tenants due after downtime) never overlaps the next.
    @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
    void tick() {
        for (BackupService.ScheduledOutcome o : backups.runDue(Instant.now())) {
            if (o.outcome() == BackupService.ScheduledOutcome.Outcome.FAILED) {
                log.error("Scheduled backup of tenant {} failed: {}", o.tenantId(), o.detail());
            } else {
                log.info("Scheduled backup of tenant {}: {} {}", o.tenantId(), o.outcome(), o.detail());
            }
        }
    }
}
// end-sample
