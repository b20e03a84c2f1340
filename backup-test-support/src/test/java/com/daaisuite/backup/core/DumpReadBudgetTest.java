package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.internal.Pacing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The node's read-rate budget: the dumps and restore drills of one {@code Backups} read at most the
 * budget's bytes per second together, the pre-restore safety backup excepted, and nothing is paced unless a host sets
 * it. Time is simulated, so the specification states bytes against time without a wall clock.
 */
class DumpReadBudgetTest {
    private static final long RATE = 256 * 1024;
    /** The bucket's largest burst at this rate: a quarter-second's worth, at least 64 KiB. */
    private static final long BURST = Math.max(64 * 1024, RATE / 4);
    private static final double NANOS = 1e9;

    /** Simulated time: advances only when a paced writer sleeps, or never when frozen. */
    private static final class SimulatedTime implements Pacing {
        final AtomicLong now = new AtomicLong(1_000_000_000L);
        final List<Long> sleeps = new CopyOnWriteArrayList<>();
        final boolean frozen;

        SimulatedTime(boolean frozen) {
            this.frozen = frozen;
        }

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            if (!frozen) {
                now.addAndGet(nanos);
            }
        }

        long slept() {
            return sleeps.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Puts about {@code bytes} of 1 KB documents into {@code db}. */
    private static void seedBytes(Fixture f, String db, int bytes) {
        List<byte[]> docs = new ArrayList<>();
        for (int i = 0; i < bytes / 1024; i++) {
            byte[] doc = new byte[1024];
            Arrays.fill(doc, (byte) ('a' + i % 26));
            docs.add(doc);
        }
        Map<String, List<byte[]>> m = new LinkedHashMap<>();
        m.put("records", docs);
        f.source.putDatabase(db, m);
    }

    private static Fixture budgeted(SimulatedTime time) {
        return new Fixture(b -> {
            b.dumpReadBudget(RATE);
            b.pacing = time;
        });
    }

    @Test
    void aBackupReadsNoFasterThanTheBudgetAndNoSlowerThanItNeeds() throws Exception {
        SimulatedTime time = new SimulatedTime(false);
        try (Fixture f = budgeted(time)) {
            seedBytes(f, "acme_db", 2_000_000);
            BackupResult r = f.service().backupNow(Fixture.ADMIN, "acme", "paced").await(Duration.ofSeconds(30));
            double seconds = time.slept() / NANOS;
            assertThat(r.payloadBytes()).isGreaterThan(2_000_000);
            // Within the simulated time the dump took, it moved at most the burst plus the rate's bytes...
            assertThat(BURST + seconds * RATE).isGreaterThanOrEqualTo(r.payloadBytes());
            // ...and it was not held back longer than the budget demands (one chunk of slack).
            assertThat(seconds * RATE).isLessThanOrEqualTo(r.payloadBytes() + 64 * 1024);
        }
    }

    @Test
    void theBudgetIsOneForTheNodeSharedByEveryBackupItRuns() {
        SimulatedTime frozen = new SimulatedTime(true);
        try (Fixture f = budgeted(frozen)) {
            f.addTenant(Tenant.of("beta", "Beta Ltd", "beta_db"));
            seedBytes(f, "acme_db", 1_000_000);
            seedBytes(f, "beta_db", 1_000_000);
            // The fixture's clock is past 01:00 in both tenants' zone and neither has a scheduled snapshot: both are due.
            List<BackupService.ScheduledOutcome> outcomes = f.service().runDue(f.clock.instant());
            assertThat(outcomes).extracting(BackupService.ScheduledOutcome::outcome)
                    .containsOnly(BackupService.ScheduledOutcome.Outcome.BACKED_UP).hasSize(2);
            long both = outcomes.stream().mapToLong(o -> o.result().orElseThrow().payloadBytes()).sum();
            // With time standing still the debt only grows: the last writer waits for both tenants' bytes,
            // not only its own, because the two dumps draw from one bucket.
            long longestWait = frozen.sleeps.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(longestWait / NANOS * RATE).isGreaterThanOrEqualTo(both - BURST - 64 * 1024);
        }
    }

    @Test
    void thePreRestoreSafetyBackupIsNotPaced() {
        SimulatedTime time = new SimulatedTime(false);
        try (Fixture f = budgeted(time)) {
            seedBytes(f, "acme_db", 1_000_000);
            Snapshot before = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
            assertThat(time.sleeps).as("Backup Now is paced").isNotEmpty();
            time.sleeps.clear();
            RestoreResult r = f.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", before.fileName(), "Acme Corp"));
            assertThat(r.safetySnapshot()).isNotNull();
            assertThat(time.sleeps).as("waits during the restore and its safety backup").isEmpty();
        }
    }

    @Test
    void aRestoreDrillLoadsAndReadsBackWithinTheSameBudget() {
        SimulatedTime time = new SimulatedTime(false);
        try (Fixture f = budgeted(time)) {
            seedBytes(f, "acme_db", 1_000_000);
            f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
            time.sleeps.clear();

            DrillResult r = f.backups.drills().drill(Fixture.ADMIN, "acme");

            assertThat(r.passed()).as(r.reason().orElse("")).isTrue();
            long documentBytes = 1_000_000 / 1024 * 1024;
            // The drill's load reads the whole payload and its read-back every document again, both from the
            // node's bucket: the simulated time it waited covers both, less the burst the bucket allows.
            assertThat(time.slept() / NANOS * RATE).isGreaterThanOrEqualTo(2.0 * documentBytes - BURST - 64 * 1024);
        }
    }

    /** Simulated time that interrupts the waiter once, at its {@code failAt}-th wait (0-based), as a closing {@code Backups} would. */
    private static final class InterruptingTime implements Pacing {
        final AtomicLong now = new AtomicLong(1_000_000_000L);
        final java.util.concurrent.atomic.AtomicInteger waits = new java.util.concurrent.atomic.AtomicInteger();
        volatile int failAt = -1;

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            if (waits.getAndIncrement() == failAt) {
                throw new InterruptedException("injected: the node is closing");
            }
            now.addAndGet(nanos);
        }
    }

    /** A budgeted fixture on {@code time} with about 1 MB of acme's data backed up once, its waits counted from zero. */
    private static Fixture backedUp(InterruptingTime time) {
        Fixture f = new Fixture(b -> {
            b.dumpReadBudget(RATE);
            b.pacing = time;
        });
        seedBytes(f, "acme_db", 1_000_000);
        f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        time.waits.set(0);
        return f;
    }

    /** How many times a whole drill of this fixture's data waits under the budget. */
    private static int drillWaits() {
        InterruptingTime time = new InterruptingTime();
        try (Fixture f = backedUp(time)) {
            assertThat(f.backups.drills().drill(Fixture.ADMIN, "acme").passed()).isTrue();
            return time.waits.get();
        }
    }

    @Test
    void aDrillInterruptedWhileItsLoadOrItsReadBackWaitsLeavesNoScratchDatabaseNoMarkerAndTheNextDrillPasses() throws Exception {
        int waits = drillWaits();
        // The first wait is in the load (it reads the payload first); the last is in the read-back.
        for (int failAt : new int[] {0, waits - 1}) {
            InterruptingTime time = new InterruptingTime();
            try (Fixture f = backedUp(time)) {
                List<String> before = f.objects("acme");
                time.failAt = failAt;

                Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                        () -> f.backups.drills().drill(Fixture.ADMIN, "acme"));
                Thread.interrupted();

                assertThat(thrown).as("wait %d of %d", failAt, waits).isInstanceOf(com.daaisuite.backup.BackupException.class)
                        .hasMessageContaining("Interrupted while waiting for the node's read budget");
                assertThat(f.source.exists("acme_db__daai_drill")).as("scratch database dropped").isFalse();
                assertThat(f.objects("acme")).as("no marker, no result").containsExactlyInAnyOrderElementsOf(before);
                assertThat(f.backups.drills().drill(Fixture.ADMIN, "acme").passed()).as("the next drill").isTrue();
            }
        }
    }

    @Test
    void withoutABudgetARestoreDrillNeverWaits() {
        SimulatedTime time = new SimulatedTime(false);
        try (Fixture f = new Fixture(b -> b.pacing = time)) {
            seedBytes(f, "acme_db", 1_000_000);
            f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);

            assertThat(f.backups.drills().drill(Fixture.ADMIN, "acme").passed()).isTrue();
            assertThat(time.sleeps).isEmpty();
        }
    }

    @Test
    void unlimitedIsTheDefault() throws Exception {
        SimulatedTime time = new SimulatedTime(false);
        try (Fixture f = new Fixture(b -> b.pacing = time)) {
            seedBytes(f, "acme_db", 1_000_000);
            f.service().backupNow(Fixture.ADMIN, "acme", "unpaced").await(Duration.ofSeconds(30));
            assertThat(f.backups.settings().dumpReadBudget()).isEmpty();
            assertThat(time.sleeps).isEmpty();
        }
    }

    @Test
    void theBudgetIsShownInTheSettings() {
        try (Fixture f = new Fixture(b -> b.dumpReadBudget(20_000_000))) {
            assertThat(f.backups.settings().dumpReadBudget()).isEqualTo(OptionalLong.of(20_000_000));
        }
    }

    @Test
    void aBudgetBelow64KiBPerSecondIsRefusedAtBuildAsALikelyUnitMistake() {
        assertThatThrownBy(() -> new Fixture(b -> b.dumpReadBudget(20_000)).close())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("dumpReadBudget is in bytes per second and must be at least 65536")
                .hasMessageContaining("got 20000");
    }

    @Test
    void aDumpInterruptedWhileWaitingForTheBudgetFailsAndStoresNothing() {
        Pacing interrupting = new Pacing() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                throw new InterruptedException("closing");
            }
        };
        try (Fixture f = new Fixture(b -> {
            b.dumpReadBudget(RATE);
            b.pacing = interrupting;
        })) {
            seedBytes(f, "acme_db", 1_000_000);
            assertThatThrownBy(() -> f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("read budget");
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            assertThat(f.catalog().list(Fixture.ADMIN, "acme")).isEmpty();
        }
    }
}
