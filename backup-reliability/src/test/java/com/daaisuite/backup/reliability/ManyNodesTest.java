package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupInProgressException;
import com.daaisuite.backup.core.BackupJob;
import com.daaisuite.backup.core.BackupService.ScheduledOutcome;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.BackupListener;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoBackupLock;
import com.daaisuite.backup.time.MutableClock;
import com.daaisuite.backup.testing.source.InMemoryDatabaseSource;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promise 4: three service instances ("nodes") share one MongoDB lock collection (mongo-java-server)
 * and one storage; tenants on every frequency (sandboxes on daily) in three zones (one with a DST
 * change); a simulated clock steps hourly and every node calls runDue at every tick, in rotating
 * order, and every seventh tick all three at once from threads. Then: one scheduled backup per
 * period per tenant, never two at once, retention's table holds, and a running restore excludes
 * backups and prunes of its tenant. Default 50 tenants x 20 days; -Pthorough 500 x 60.
 */
class ManyNodesTest {
    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    static final List<ZoneId> ZONES = List.of(Tenant.DEFAULT_ZONE, ZoneId.of("UTC"), ZoneId.of("America/New_York"));
    static final Map<SnapshotLabel, Integer> RETENTION_TABLE = new EnumMap<>(Map.of(SnapshotLabel.MONTHLY, 6,
            SnapshotLabel.FIFTEEN_DAY, 6, SnapshotLabel.SEVEN_DAY, 8, SnapshotLabel.THREE_DAY, 10,
            SnapshotLabel.TWENTY_FOUR_HOUR, 14, SnapshotLabel.DAILY, 7));

    static InProcessMongo mongo;
    static MongoClient client;

    @BeforeAll
    static void start() {
        mongo = new InProcessMongo();
        client = MongoClients.create(Fixtures.mongoSettings(mongo.uri()));
    }

    @AfterAll
    static void stop() {
        client.close();
        mongo.close();
    }

    /** Holds a restore of one tenant inside the maintenance gate until released. */
    static final class HoldingGate implements MaintenanceGate {
        volatile String holdTenant;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void enter(Tenant tenant, String reason) {
            if (tenant.id().equals(holdTenant)) {
                entered.countDown();
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void exit(Tenant tenant) {}
    }

    /** Sees every node's events; counts backups running at once per tenant, in real time. */
    static final class Watch implements BackupListener {
        final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        final List<String> overlaps = new CopyOnWriteArrayList<>();
        final Map<String, List<Instant>> scheduled = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicInteger started = new AtomicInteger();
        final Map<String, List<Instant>> drills = new ConcurrentHashMap<>();
        final List<String> drillFailures = new CopyOnWriteArrayList<>();
        final AtomicInteger drillsRun = new AtomicInteger();

        @Override
        public void onEvent(BackupEvent e) {
            switch (e.type()) {
                case BACKUP_STARTED -> {
                    started.incrementAndGet();
                    int n = running.computeIfAbsent(e.tenantId(), t -> new AtomicInteger()).incrementAndGet();
                    if (n > 1) {
                        overlaps.add(e.tenantId() + " at " + e.at() + " (" + n + " running, nanos " + System.nanoTime() + ")");
                    }
                }
                case BACKUP_COMPLETED -> {
                    running.get(e.tenantId()).decrementAndGet();
                    if (SnapshotLabel.fromLabel(e.fileName().substring(0, e.fileName().indexOf('_'))).scheduled()) {
                        scheduled.computeIfAbsent(e.tenantId(), t -> Collections.synchronizedList(new ArrayList<>())).add(e.at());
                    }
                }
                case BACKUP_FAILED -> {
                    running.get(e.tenantId()).decrementAndGet();
                    failures.add(e.tenantId() + ": " + e.detail());
                }
                case DRILL_PASSED -> {
                    drillsRun.incrementAndGet();
                    drills.computeIfAbsent(e.tenantId(), t -> Collections.synchronizedList(new ArrayList<>())).add(e.at());
                }
                case DRILL_FAILED -> {
                    drillsRun.incrementAndGet();
                    drillFailures.add(e.tenantId() + ": " + e.detail());
                }
                default -> { }
            }
        }
    }

    @Test
    void threeNodesGiveEveryTenantExactlyOneScheduledBackupPerPeriodNeverTwoAtOnceAndRetentionHolds() throws Exception {
        int tenantCount = Fixtures.scaled(50, 500);
        int days = Fixtures.scaled(20, 60);
        List<Tenant> tenants = new ArrayList<>();
        SnapshotLabel[] freqs = java.util.Arrays.stream(SnapshotLabel.values()).filter(SnapshotLabel::scheduled)
                .toArray(SnapshotLabel[]::new);
        for (int i = 0; i < tenantCount; i++) {
            SnapshotLabel f = freqs[i % freqs.length];
            tenants.add(Tenant.builder(String.format("t%04d", i)).workspaceName("Workspace " + i).databaseName("db_t" + i)
                    .frequency(f).zone(ZONES.get(i % ZONES.size())).sandbox(f == SnapshotLabel.DAILY).build());
        }
        MutableClock clock = new MutableClock(START);
        InMemoryDatabaseSource source = new InMemoryDatabaseSource();
        for (Tenant t : tenants) {
            source.insert(t.databaseName(), "items", ("tiny database of " + t.id()).getBytes());
        }
        IndexedStorage storage = new IndexedStorage(new InMemoryStorageBackend("shared", clock));
        var locks = client.getDatabase("app").getCollection("backup_locks_" + tenantCount);
        Watch watch = new Watch();
        HoldingGate gate = new HoldingGate();
        List<Backups> nodes = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            nodes.add(Backups.builder().source(source).storage(storage).keys(KeyProviders.of(Fixtures.KEY_A))
                    .tenants(TenantDirectory.of(tenants)).access(Fixtures.ACCESS).gate(gate)
                    .lock(new MongoBackupLock(locks, clock)).clock(clock).listener(watch).nodeName("node-" + n)
                    .compressionThreads(1).maxConcurrentBackups(2).build());
        }
        ExecutorService threads = Executors.newFixedThreadPool(3);
        Map<ScheduledOutcome.Outcome, Integer> outcomes = new EnumMap<>(ScheduledOutcome.Outcome.class);
        int concurrentTicks = 0;
        long t0 = System.nanoTime();
        try {
            int ticks = days * 24;
            for (int tick = 0; tick <= ticks; tick++) {
                clock.set(START.plus(Duration.ofHours(tick)));
                Instant now = clock.instant();
                List<List<ScheduledOutcome>> results = new ArrayList<>();
                if (tick % 7 == 3) {
                    concurrentTicks++;
                    List<Future<List<ScheduledOutcome>>> fs = new ArrayList<>();
                    for (Backups node : nodes) {
                        fs.add(threads.submit(() -> node.runDue(now)));
                    }
                    for (Future<List<ScheduledOutcome>> f : fs) {
                        results.add(f.get(120, TimeUnit.SECONDS));
                    }
                } else {
                    for (int k = 0; k < 3; k++) {
                        results.add(nodes.get((tick + k) % 3).runDue(now));
                    }
                }
                for (List<ScheduledOutcome> r : results) {
                    for (ScheduledOutcome o : r) {
                        outcomes.merge(o.outcome(), 1, Integer::sum);
                        assertThat(o.outcome()).as("tick %s tenant %s: %s", tick, o.tenantId(), o.detail())
                                .isNotEqualTo(ScheduledOutcome.Outcome.FAILED);
                    }
                }
            }
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;

            assertThat(watch.overlaps).as("two backups of one tenant at once").isEmpty();
            assertThat(watch.failures).isEmpty();
            int totalScheduled = 0;
            for (Tenant t : tenants) {
                List<Instant> times = new ArrayList<>(watch.scheduled.getOrDefault(t.id(), List.of()));
                Collections.sort(times);
                Duration interval = t.frequency().interval();
                assertThat(times).as("scheduled backups of %s (%s, %s) follow the documented schedule", t.id(), t.frequency(),
                        t.zone()).isEqualTo(model(t, ticks));
                for (int i = 1; i < times.size(); i++) {
                    // Periods never overlap: a backup snaps to the 01:00 slot of the day its period ends on.
                    Duration gap = Duration.between(times.get(i - 1), times.get(i));
                    assertThat(gap).as("gap %s of %s", i, t.id()).isGreaterThan(interval.minusDays(1))
                            .isLessThanOrEqualTo(interval.plusHours(1));
                }
                totalScheduled += times.size();

                // Retention's table: the newest N of the tenant's label, and the newest is never pruned.
                List<Snapshot> kept = nodes.get(0).catalog().list(Fixtures.ADMIN, t.id());
                SnapshotLabel label = t.frequency();
                assertThat(kept).allMatch(s -> s.label() == label);
                assertThat(kept).hasSize((int) Math.min(RETENTION_TABLE.get(label), times.size()));
                assertThat(kept.get(0).createdAt()).isEqualTo(times.get(times.size() - 1));
            }
            // The weekly restore drill runs in the same ticks: once per period per non-sandbox tenant, on whichever
            // node takes the tenant's lock first.
            assertThat(watch.drillFailures).isEmpty();
            for (Tenant t : tenants) {
                List<Instant> d = new ArrayList<>(watch.drills.getOrDefault(t.id(), List.of()));
                Collections.sort(d);
                if (t.sandbox()) {
                    assertThat(d).as("sandbox tenant %s is never drilled", t.id()).isEmpty();
                    continue;
                }
                assertThat(d).as("drills of %s", t.id()).hasSizeBetween(1, days / 7 + 1);
                for (int i = 1; i < d.size(); i++) {
                    assertThat(Duration.between(d.get(i - 1), d.get(i))).as("drill gap %s of %s", i, t.id())
                            .isGreaterThanOrEqualTo(Backups.DEFAULT_DRILL_INTERVAL)
                            .isLessThan(Backups.DEFAULT_DRILL_INTERVAL.plusDays(1));
                }
            }
            System.out.printf("[many nodes] %d tenants x %d days, 3 nodes, %d ticks (%d concurrent), %d scheduled backups, "
                    + "outcomes %s, %d s%n", tenantCount, days, ticks + 1, concurrentTicks, totalScheduled, outcomes, seconds);

            restoreExcludesBackupsAndPrunesOfItsTenant(watch, nodes, tenants, clock, gate, source);
        } finally {
            threads.shutdownNow();
            gate.release.countDown();
            nodes.forEach(Backups::close);
        }
    }

    /**
     * The documented schedule (docs/schedules.md), as a reference model: due at 01:00 tenant-local;
     * the first on the day the tenant appears; then on the local day its period ends (daily: the next
     * day); a backup happens at the first hourly tick at or after its due time.
     */
    static List<Instant> model(Tenant t, int ticks) {
        List<Instant> out = new ArrayList<>();
        Instant due = slot(java.time.LocalDate.ofInstant(START, t.zone()), t.zone());
        for (int tick = 0; tick <= ticks; tick++) {
            Instant now = START.plus(Duration.ofHours(tick));
            if (!now.isBefore(due)) {
                out.add(now);
                due = t.frequency() == SnapshotLabel.DAILY
                        ? slot(java.time.LocalDate.ofInstant(now, t.zone()).plusDays(1), t.zone())
                        : slot(java.time.LocalDate.ofInstant(now.plus(t.frequency().interval()), t.zone()), t.zone());
            }
        }
        return out;
    }

    private static Instant slot(java.time.LocalDate day, ZoneId zone) {
        return java.time.ZonedDateTime.of(day, java.time.LocalTime.of(1, 0), zone).toInstant();
    }

    private static void restoreExcludesBackupsAndPrunesOfItsTenant(Watch watch, List<Backups> nodes, List<Tenant> tenants, MutableClock clock,
            HoldingGate gate, InMemoryDatabaseSource source) throws Exception {
        Tenant r = tenants.stream().filter(t -> t.frequency() == SnapshotLabel.TWENTY_FOUR_HOUR).findFirst().orElseThrow();
        // The next day's slot has passed: r is due again.
        clock.advance(Duration.ofDays(1));
        Instant now = clock.instant();
        Snapshot newest = nodes.get(0).catalog().list(Fixtures.ADMIN, r.id()).get(0);
        // Drills also restore (into scratch databases): the restores counted below are the ones no drill made.
        long restoresBefore = source.restoreCount() - watch.drillsRun.get();
        gate.holdTenant = r.id();
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            Future<RestoreResult> restore = one.submit(() -> nodes.get(0).restores().restore(Fixtures.ADMIN,
                    new RestoreRequest(r.id(), newest.fileName(), r.workspaceName())));
            assertThat(gate.entered.await(60, TimeUnit.SECONDS)).as("the restore reached the maintenance gate").isTrue();
            List<Snapshot> during = nodes.get(1).catalog().list(Fixtures.ADMIN, r.id());

            Optional<ScheduledOutcome> tick = nodes.get(1).runDue(now).stream()
                    .filter(o -> o.tenantId().equals(r.id())).findFirst();
            assertThat(tick).get().extracting(ScheduledOutcome::outcome).isEqualTo(ScheduledOutcome.Outcome.SKIPPED_LOCKED);
            assertThatThrownBy(() -> nodes.get(2).catalog().prune(Fixtures.ADMIN, r.id(), false)).isInstanceOf(BackupInProgressException.class);
            assertThatThrownBy(() -> nodes.get(1).backup(Fixtures.ADMIN, r.id(), BackupTrigger.MANUAL))
                    .isInstanceOf(BackupInProgressException.class);
            BackupJob job = nodes.get(2).backupNow(Fixtures.ADMIN, r.id(), "while restoring");
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(60))).isInstanceOf(BackupInProgressException.class);
            assertThatThrownBy(() -> nodes.get(2).restores().restore(Fixtures.ADMIN,
                    new RestoreRequest(r.id(), newest.fileName(), r.workspaceName()))).isInstanceOf(BackupInProgressException.class);
            assertThat(nodes.get(1).catalog().list(Fixtures.ADMIN, r.id())).as("nothing backed up or pruned meanwhile").isEqualTo(during);

            gate.release.countDown();
            RestoreResult done = restore.get(60, TimeUnit.SECONDS);
            assertThat(done.safetySnapshot().label()).isEqualTo(SnapshotLabel.PRE_RESTORE);
            assertThat(source.restoreCount() - watch.drillsRun.get() - restoresBefore).as("one restore ran").isEqualTo(1);
            // Once the restore is over the tenant's scheduled backup runs.
            assertThat(nodes.get(1).runDue(now).stream().filter(o -> o.tenantId().equals(r.id())).findFirst())
                    .get().extracting(ScheduledOutcome::outcome).isEqualTo(ScheduledOutcome.Outcome.BACKED_UP);
        } finally {
            one.shutdownNow();
        }
    }
}
