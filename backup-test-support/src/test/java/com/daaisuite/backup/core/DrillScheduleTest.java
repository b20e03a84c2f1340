package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Scheduled restore drills in a deployment of three nodes sharing storage, lock and database server,
 * each calling {@code runDue(now)} at the same ticks at the same time: every active, non-sandbox tenant
 * is drilled once per drill period (never twice, never skipped for longer than a tick), sandbox and
 * suspended tenants never, and no scratch database is ever left behind.
 */
class DrillScheduleTest {
    static final Duration TICK = Duration.ofHours(3);

    @Test
    void threeNodesTickingTogetherDrillEachTenantOncePerPeriod() throws Exception {
        Consumer<Backups.Builder> weekly = b -> b.drillEvery(Duration.ofDays(7));
        List<Fixture> nodes = new ArrayList<>();
        nodes.add(new Fixture(weekly));
        Fixture first = nodes.get(0);
        first.addTenant(Tenant.of("globex", "Globex", "globex_db"));
        first.seed("globex_db", "v1");
        first.addTenant(Tenant.builder("sbx").workspaceName("Sandbox").databaseName("sbx_db").sandbox(true)
                .frequency(SnapshotLabel.DAILY).build());
        first.seed("sbx_db", "v1");
        first.addTenant(Tenant.builder("paused").workspaceName("Paused").databaseName("paused_db").active(false).build());
        first.seed("paused_db", "v1");
        nodes.add(new Fixture(first, weekly));
        nodes.add(new Fixture(first, weekly));
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            Instant start = first.clock.instant();
            for (Instant now = start; now.isBefore(start.plus(Duration.ofDays(23))); now = now.plus(TICK)) {
                first.clock.set(now);
                List<Future<?>> ticks = new ArrayList<>();
                for (Fixture n : nodes) {
                    Instant at = now;
                    ticks.add(pool.submit(() -> n.backups.runDue(at)));
                }
                for (Future<?> t : ticks) {
                    t.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, List<Instant>> drills = new TreeMap<>();
        for (Fixture n : nodes) {
            assertThat(n.events.events(BackupEvent.Type.DRILL_FAILED)).isEmpty();
            for (BackupEvent e : n.events.events(BackupEvent.Type.DRILL_PASSED)) {
                drills.computeIfAbsent(e.tenantId(), k -> new ArrayList<>()).add(e.at());
            }
        }
        assertThat(drills.keySet()).as("sandbox and suspended tenants are never drilled").containsExactly("acme", "globex");
        for (Map.Entry<String, List<Instant>> d : drills.entrySet()) {
            List<Instant> at = d.getValue().stream().sorted().toList();
            assertThat(at).as(d.getKey()).hasSizeBetween(3, 4);
            for (int i = 1; i < at.size(); i++) {
                Duration gap = Duration.between(at.get(i - 1), at.get(i));
                assertThat(gap).as(d.getKey() + ": one drill per period, none skipped").isGreaterThanOrEqualTo(Duration.ofDays(7))
                        .isLessThan(Duration.ofDays(7).plus(TICK));
            }
        }
        for (String db : List.of("acme_db", "globex_db", "sbx_db", "paused_db")) {
            assertThat(first.source.exists(db + "__daai_drill")).as(db + " scratch database left").isFalse();
        }
        nodes.forEach(Fixture::close);
    }
}
