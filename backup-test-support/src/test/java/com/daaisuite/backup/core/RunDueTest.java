package com.daaisuite.backup.core;

import static com.daaisuite.backup.core.BackupEvent.Type.BACKUP_REFUSED;
import static com.daaisuite.backup.core.BackupEvent.Type.BACKUP_SKIPPED;
import static com.daaisuite.backup.core.BackupService.ScheduledOutcome.Outcome.BACKED_UP;
import static com.daaisuite.backup.core.BackupService.ScheduledOutcome.Outcome.FAILED;
import static com.daaisuite.backup.core.BackupService.ScheduledOutcome.Outcome.SKIPPED_LOCKED;
import static com.daaisuite.backup.core.BackupService.ScheduledOutcome.Outcome.SKIPPED_SUSPENDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.BackupService.ScheduledOutcome;
import com.daaisuite.backup.core.spi.Lease;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunDueTest {
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private Instant kolkata(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(KOLKATA).toInstant();
    }

    private List<ScheduledOutcome> tick(Instant now) {
        f.clock.set(now);
        return f.service().runDue(now);
    }

    @Test
    void theFirstRunIsDueAtOneOClockTenantLocalAndRepeatedTicksAreIdempotent() {
        assertThat(tick(kolkata("2026-11-26T00:30"))).isEmpty();
        List<ScheduledOutcome> at1 = tick(kolkata("2026-11-26T01:00"));
        assertThat(at1).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(BACKED_UP);
            assertThat(o.result().orElseThrow().snapshot().fileName()).isEqualTo("24-hour_20261125T193000Z.gz.enc");
        });
        assertThat(tick(kolkata("2026-11-26T01:05"))).isEmpty();
        assertThat(tick(kolkata("2026-11-26T23:59"))).isEmpty();
        assertThat(tick(kolkata("2026-11-27T01:00"))).extracting(ScheduledOutcome::outcome).containsExactly(BACKED_UP);
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).hasSize(2);
    }

    @Test
    void downtimeIsCaughtUpWithOneBackupNotOnePerMissedWindow() {
        tick(kolkata("2026-11-01T01:00"));
        List<ScheduledOutcome> afterTenDaysDown = tick(kolkata("2026-11-11T14:00"));
        assertThat(afterTenDaysDown).extracting(ScheduledOutcome::outcome).containsExactly(BACKED_UP);
        assertThat(tick(kolkata("2026-11-11T14:01"))).isEmpty();
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).hasSize(2);
        // Back on the nightly slot the next day.
        assertThat(f.service().nextDue(Fixture.ADMIN, "acme")).isEqualTo(kolkata("2026-11-12T01:00"));
    }

    @Test
    void eachFrequencyWaitsItsIntervalAfterTheLastScheduledSnapshot() {
        f.addTenant(f.tenant("acme").withFrequency(SnapshotLabel.SEVEN_DAY));
        tick(kolkata("2026-11-01T01:00"));
        assertThat(tick(kolkata("2026-11-07T23:00"))).isEmpty();
        assertThat(tick(kolkata("2026-11-08T01:00"))).extracting(ScheduledOutcome::outcome).containsExactly(BACKED_UP);
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).extracting(s -> s.label()).containsOnly(SnapshotLabel.SEVEN_DAY);
    }

    @Test
    void manualSnapshotsDoNotPostponeTheSchedule() {
        tick(kolkata("2026-11-01T01:00"));
        f.clock.set(kolkata("2026-11-01T18:00"));
        f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(tick(kolkata("2026-11-02T01:00"))).extracting(ScheduledOutcome::outcome).containsExactly(BACKED_UP);
    }

    @Test
    void dailyIsRefusedForAProductionTenantAndRunsForASandbox() {
        f.addTenant(f.tenant("acme").withFrequency(SnapshotLabel.DAILY));
        List<ScheduledOutcome> refused = tick(kolkata("2026-11-26T02:00"));
        assertThat(refused).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(FAILED);
            assertThat(o.detail()).contains("sandbox");
        });
        assertThat(f.events.types()).containsExactly(BACKUP_REFUSED);
        assertThat(f.events.events().get(0).error()).isInstanceOf(FrequencyNotAllowedException.class);
        assertThatThrownBy(() -> f.service().backup(Fixture.SCHEDULER, "acme", BackupTrigger.SCHEDULED)).isInstanceOf(FrequencyNotAllowedException.class);
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).isEmpty();

        f.addTenant(f.tenant("acme").withSandbox(true));
        assertThat(tick(kolkata("2026-11-26T02:01"))).extracting(ScheduledOutcome::outcome).containsExactly(BACKED_UP);
        assertThat(f.catalog().list(Fixture.ADMIN, "acme").get(0).label()).isEqualTo(SnapshotLabel.DAILY);
        assertThat(tick(kolkata("2026-11-26T23:00"))).isEmpty();
        assertThat(tick(kolkata("2026-11-27T01:00"))).extracting(ScheduledOutcome::outcome).containsExactly(BACKED_UP);
    }

    @Test
    void suspendedTenantsAreSkippedWithAnEvent() {
        f.addTenant(f.tenant("acme").withActive(false));
        assertThat(tick(kolkata("2026-11-26T02:00"))).extracting(ScheduledOutcome::outcome).containsExactly(SKIPPED_SUSPENDED);
        assertThat(f.events.types()).containsExactly(BACKUP_SKIPPED);
        assertThat(f.events.events().get(0).detail()).contains("suspended");
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).isEmpty();
        assertThat(tick(kolkata("2026-11-26T02:05"))).extracting(ScheduledOutcome::outcome).containsExactly(SKIPPED_SUSPENDED);
        assertThat(f.events.types()).as("reported once per due window").containsExactly(BACKUP_SKIPPED);
    }

    @Test
    void aTenantLockedElsewhereIsSkippedAndCaughtUpAtTheNextTick() {
        Lease held = f.lock.tryAcquire("acme", "another node", Duration.ofMinutes(5)).orElseThrow();
        assertThat(tick(kolkata("2026-11-26T02:00"))).extracting(ScheduledOutcome::outcome).containsExactly(SKIPPED_LOCKED);
        assertThat(f.events.types()).containsExactly(BACKUP_SKIPPED);
        held.release();
        assertThat(tick(kolkata("2026-11-26T02:05"))).extracting(ScheduledOutcome::outcome).containsExactly(BACKED_UP);
    }

    @Test
    void withoutAKeyScheduledBackupsFailAndWriteNothing() {
        f.keys.current.set(null);
        assertThat(tick(kolkata("2026-11-26T02:00"))).extracting(ScheduledOutcome::outcome).containsExactly(FAILED);
        assertThat(f.events.types()).containsExactly(BACKUP_REFUSED);
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).isEmpty();
    }

    @Test
    void concurrencyPerNodeIsBounded() {
        for (int i = 0; i < 6; i++) {
            f.addTenant(Tenant.of("t" + i, "T" + i, "db" + i));
            f.seed("db" + i, "x");
        }
        AtomicInteger now = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        f.source.onDump(db -> {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now.decrementAndGet();
        });
        List<ScheduledOutcome> outcomes = tick(kolkata("2026-11-26T02:00"));
        assertThat(outcomes).hasSize(7).extracting(ScheduledOutcome::outcome).containsOnly(BACKED_UP);
        assertThat(max.get()).isBetween(1, 2);
    }

    @Test
    void nodesSharingALockNeverBackUpATenantTwice() throws Exception {
        for (int i = 0; i < 5; i++) {
            f.addTenant(Tenant.of("n" + i, "N" + i, "ndb" + i));
            f.seed("ndb" + i, "x");
        }
        Instant at = kolkata("2026-11-26T02:00");
        f.clock.set(at);
        List<Fixture> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(new Fixture(f, b -> {}));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<ScheduledOutcome>>> ticks = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Fixture n : nodes) {
                    ticks.add(() -> n.service().runDue(at));
                }
                ticks.add(() -> f.service().runDue(at));
            }
            int backedUp = 0;
            for (Future<List<ScheduledOutcome>> r : pool.invokeAll(ticks)) {
                backedUp += (int) r.get().stream().filter(o -> o.outcome() == BACKED_UP).count();
            }
            assertThat(backedUp).isEqualTo(6);
            for (Tenant t : f.tenants.values()) {
                assertThat(f.catalog().list(Fixture.ADMIN, t.id())).as(t.id()).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
            nodes.forEach(Fixture::close);
        }
    }
}
