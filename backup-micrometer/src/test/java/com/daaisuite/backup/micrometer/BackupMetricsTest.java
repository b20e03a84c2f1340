package com.daaisuite.backup.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupJob;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.testing.source.InMemoryDatabaseSource;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
import com.daaisuite.backup.time.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The library's events, through a real Backups, become the documented meters on real registries. */
class BackupMetricsTest {
    private static final Actor ADMIN = Actor.user("admin");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final InMemoryDatabaseSource source = new InMemoryDatabaseSource();
    private final List<Backups> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(Backups::close);
    }

    private Backups backups(BackupMetrics metrics, String... tenantIds) {
        List<Tenant> tenants = new ArrayList<>();
        for (String id : tenantIds) {
            tenants.add(Tenant.of(id, id + " Ltd", id + "_db"));
            source.putDatabase(id + "_db", Map.of("customers",
                    List.of(("{customer of " + id + "}").getBytes(StandardCharsets.UTF_8))));
        }
        Backups b = Backups.builder().source(source).storage(new InMemoryStorageBackend("metrics", clock))
                .keys(KeyProviders.of(MasterKey.generate(new SecureRandom())))
                .tenants(TenantDirectory.of(tenants)).access((actor, permission, tenant) -> true)
                .listener(metrics).clock(clock).warmUpEncryption(false).build();
        opened.add(b);
        return b;
    }

    @Test
    void backupsAndRestoresAreCountedAndTimedByOutcomeAndTrigger() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Backups backups = backups(BackupMetrics.builder(registry).clock(clock).build(), "acme");

        String manual = backups.backupNow(ADMIN, "acme", "before year-end").await(Duration.ofSeconds(30)).snapshot().fileName();
        clock.advance(Duration.ofDays(2));
        backups.runDue(clock.instant());
        source.failNextDump(new SourceException("the database went away"));
        assertThatThrownBy(() -> backups.backup(ADMIN, "acme", BackupTrigger.MANUAL)).isInstanceOf(SourceException.class);
        backups.restores().restore(ADMIN, new RestoreRequest("acme", manual, "acme Ltd"));

        assertThat(count(registry, MetricNames.BACKUPS, "completed", "manual")).isEqualTo(1);
        assertThat(count(registry, MetricNames.BACKUPS, "completed", "scheduled")).isEqualTo(1);
        assertThat(count(registry, MetricNames.BACKUPS, "failed", "manual")).isEqualTo(1);
        // The restore's safety backup is a backup of its own kind.
        assertThat(count(registry, MetricNames.BACKUPS, "completed", "pre_restore")).isEqualTo(1);
        assertThat(registry.get(MetricNames.RESTORES).tag(MetricNames.OUTCOME, "completed").counter().count()).isEqualTo(1);
        assertThat(registry.get(MetricNames.BACKUP_DURATION).tag(MetricNames.OUTCOME, "completed")
                .tag(MetricNames.TRIGGER, "manual").timer().count()).isEqualTo(1);
        assertThat(registry.get(MetricNames.RESTORE_DURATION).tag(MetricNames.OUTCOME, "completed").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(MetricNames.ARCHIVE_SIZE).tag(MetricNames.TRIGGER, "manual").summary().totalAmount())
                .isEqualTo(backups.catalog().list(ADMIN, "acme").stream().filter(s -> s.fileName().equals(manual))
                        .findFirst().orElseThrow().sizeBytes());
        assertThat(registry.get(MetricNames.BACKUPS_IN_FLIGHT).gauge().value()).isZero();
        assertThat(registry.get(MetricNames.RESTORES_IN_FLIGHT).gauge().value()).isZero();
    }

    @Test
    void theAgeOfEachTenantsLastGoodBackupGrowsWithTheClockAndResetsOnTheNextBackup() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Backups backups = backups(BackupMetrics.builder(registry).clock(clock).build(), "acme");
        backups.backup(ADMIN, "acme", BackupTrigger.MANUAL);
        clock.advance(Duration.ofHours(30));

        assertThat(age(registry, "acme")).isEqualTo(Duration.ofHours(30).toSeconds());
        assertThat(registry.get(MetricNames.OLDEST_LAST_SUCCESS_AGE).gauge().value()).isEqualTo(Duration.ofHours(30).toSeconds());

        source.failNextDump(new SourceException("down"));
        assertThatThrownBy(() -> backups.backup(ADMIN, "acme", BackupTrigger.MANUAL)).isInstanceOf(SourceException.class);
        assertThat(age(registry, "acme")).as("a failed backup is not a good one").isEqualTo(Duration.ofHours(30).toSeconds());

        backups.backup(ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(age(registry, "acme")).isZero();
    }

    @Test
    void aRunningBackupIsInFlightUntilItEnds() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Backups backups = backups(BackupMetrics.builder(registry).clock(clock).build(), "acme");
        CountDownLatch dumping = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        source.onDump(db -> {
            dumping.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        BackupJob job = backups.backupNow(ADMIN, "acme", null);
        assertThat(dumping.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.get(MetricNames.BACKUPS_IN_FLIGHT).gauge().value()).isEqualTo(1);
        release.countDown();
        job.await(Duration.ofSeconds(30));
        assertThat(registry.get(MetricNames.BACKUPS_IN_FLIGHT).gauge().value()).isZero();
    }

    @Test
    void perTenantSeriesStopAtTheLimitAndTheRestAreAggregated() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BackupMetrics metrics = BackupMetrics.builder(registry).clock(clock).maxTenantSeries(2).build();
        for (int i = 0; i < 5; i++) {
            metrics.onEvent(completed("tenant" + i, clock.instant().minus(Duration.ofHours(i))));
        }
        assertThat(registry.find(MetricNames.LAST_SUCCESS_AGE).gauges()).hasSize(2);
        assertThat(registry.get(MetricNames.UNTRACKED_TENANTS).gauge().value()).isEqualTo(3);
        // The oldest tenant has no series of its own, and still drives the aggregate an alert watches.
        assertThat(registry.get(MetricNames.OLDEST_LAST_SUCCESS_AGE).gauge().value()).isEqualTo(Duration.ofHours(4).toSeconds());

        metrics.forgetTenant("tenant0");
        metrics.onEvent(completed("tenant3", clock.instant()));
        assertThat(registry.find(MetricNames.LAST_SUCCESS_AGE).tag(MetricNames.TENANT, "tenant3").gauge())
                .as("a freed slot goes to the next tenant seen").isNotNull();
        assertThat(registry.find(MetricNames.LAST_SUCCESS_AGE).gauges()).hasSize(2);
    }

    @Test
    void perTenantSeriesCanBeTurnedOffAndCountersNeverCarryATenant() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BackupMetrics metrics = BackupMetrics.builder(registry).clock(clock).maxTenantSeries(0).build();
        metrics.onEvent(completed("tenant0", clock.instant()));
        int meters = registry.getMeters().size();
        for (int i = 1; i < 1000; i++) {
            metrics.onEvent(completed("tenant" + i, clock.instant()));
        }
        assertThat(registry.find(MetricNames.LAST_SUCCESS_AGE).gauges()).isEmpty();
        assertThat(registry.get(MetricNames.UNTRACKED_TENANTS).gauge().value()).isEqualTo(1000);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag(MetricNames.TENANT)).isNull());
        assertThat(registry.getMeters()).as("a thousand tenants add no series").hasSize(meters);
    }

    @Test
    void seededAgesSurviveARestartAndOlderSeedsNeverWin() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BackupMetrics metrics = BackupMetrics.builder(registry).clock(clock).build();
        metrics.recordLastSuccess("acme", clock.instant().minus(Duration.ofHours(5)));
        metrics.recordLastSuccess("acme", clock.instant().minus(Duration.ofHours(9)));
        assertThat(age(registry, "acme")).isEqualTo(Duration.ofHours(5).toSeconds());
        assertThat(metrics.lastSuccess("acme")).contains(clock.instant().minus(Duration.ofHours(5)));
    }

    @Test
    void afterARestartTheAgesAreSeededFromTheNewestSnapshots() {
        Backups before = backups(BackupMetrics.builder(new SimpleMeterRegistry()).clock(clock).build(), "acme", "globex");
        before.backup(ADMIN, "acme", BackupTrigger.MANUAL);
        clock.advance(Duration.ofHours(7));

        // The restarted process: a new registry and binder over the same storage.
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BackupMetrics metrics = BackupMetrics.builder(registry).clock(clock).build();
        assertThat(metrics.seedFrom(before, ADMIN, List.of("acme", "globex", "unknown"))).as("globex has no snapshot yet")
                .isEqualTo(1);
        assertThat(age(registry, "acme")).isEqualTo(Duration.ofHours(7).toSeconds());
        assertThat(registry.find(MetricNames.LAST_SUCCESS_AGE).tag(MetricNames.TENANT, "globex").gauge()).isNull();
    }

    @Test
    void drillsAreCountedByOutcomeAndTheLastPassedDrillsAgeGrowsAndIsSeededAfterARestart() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Backups backups = backups(BackupMetrics.builder(registry).clock(clock).build(), "acme");
        backups.runDue(clock.instant()); // the scheduled backup, then its drill
        clock.advance(Duration.ofHours(5));

        assertThat(registry.get(MetricNames.DRILLS).tag(MetricNames.OUTCOME, "passed").counter().count()).isEqualTo(1);
        assertThat(registry.get(MetricNames.DRILL_DURATION).tag(MetricNames.OUTCOME, "passed").timer().count()).isEqualTo(1);
        assertThat(registry.find(MetricNames.DRILLS).tag(MetricNames.OUTCOME, "failed").counter()).isNull();
        assertThat(registry.get(MetricNames.LAST_DRILL_AGE).tag(MetricNames.TENANT, "acme").gauge().value())
                .isEqualTo(Duration.ofHours(5).toSeconds());
        assertThat(registry.get(MetricNames.OLDEST_LAST_DRILL_AGE).gauge().value()).isEqualTo(Duration.ofHours(5).toSeconds());

        SimpleMeterRegistry restarted = new SimpleMeterRegistry();
        BackupMetrics.builder(restarted).clock(clock).build().seedFrom(backups, ADMIN, List.of("acme"));
        assertThat(restarted.get(MetricNames.LAST_DRILL_AGE).tag(MetricNames.TENANT, "acme").gauge().value())
                .as("seeded from the drill result kept beside the snapshot").isBetween(Duration.ofHours(5).toSeconds() - 1.0,
                        (double) Duration.ofHours(5).toSeconds());
    }

    @Test
    void thePrometheusScrapeShowsTheDocumentedNames() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Backups backups = backups(BackupMetrics.builder(registry).clock(clock).build(), "acme");
        backups.backupNow(ADMIN, "acme", null).await(Duration.ofSeconds(30));
        clock.advance(Duration.ofMinutes(90));

        String scrape = registry.scrape();

        assertThat(scrape).contains(
                "daai_backup_backups_total{outcome=\"completed\",trigger=\"manual\"} 1.0",
                "daai_backup_backup_duration_seconds_count{outcome=\"completed\",trigger=\"manual\"} 1",
                "daai_backup_archive_size_bytes_bucket{trigger=\"manual\",le=\"1048576.0\"} 1",
                "daai_backup_archive_size_bytes_count{trigger=\"manual\"} 1",
                "daai_backup_backups_in_flight 0.0",
                "daai_backup_restores_in_flight 0.0",
                "daai_backup_last_success_age_seconds{tenant=\"acme\"} 5400.0",
                "daai_backup_oldest_last_success_age_seconds 5400.0",
                "daai_backup_tenants_untracked 0.0");
    }

    @Test
    void theTriggerComesFromTheSnapshotsLabel() {
        assertThat(BackupMetrics.trigger("manual_20261126T100000Z.gz.enc")).isEqualTo("manual");
        assertThat(BackupMetrics.trigger("pre-restore_20261126T100000Z.gz.enc")).isEqualTo("pre_restore");
        assertThat(BackupMetrics.trigger("7-day_20261126T100000Z.gz.enc")).isEqualTo("scheduled");
        assertThat(BackupMetrics.trigger(null)).isEqualTo("unknown");
        assertThat(BackupMetrics.trigger("notes.txt")).isEqualTo("unknown");
    }

    private BackupEvent completed(String tenant, Instant at) {
        return new BackupEvent(BackupEvent.Type.BACKUP_COMPLETED, at, tenant, ADMIN, "manual_20261126T100000Z.gz.enc",
                Duration.ofSeconds(3), 1234, 10, "", null);
    }

    private static double count(MeterRegistry registry, String name, String outcome, String trigger) {
        var c = registry.find(name).tag(MetricNames.OUTCOME, outcome).tag(MetricNames.TRIGGER, trigger).counter();
        return c == null ? 0 : c.count();
    }

    private static double age(MeterRegistry registry, String tenant) {
        return registry.get(MetricNames.LAST_SUCCESS_AGE).tag(MetricNames.TENANT, tenant).gauge().value();
    }
}
