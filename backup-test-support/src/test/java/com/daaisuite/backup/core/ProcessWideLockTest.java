package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.BackupService.ScheduledOutcome;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The default lock holds across every {@code Backups} in the JVM over the same storage location: a
 * second instance, or a rebuild after a configuration reload, can never back up or prune a tenant
 * that another instance is restoring.
 */
class ProcessWideLockTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Holds a restore inside the maintenance gate until released. */
    static final class HoldingGate implements MaintenanceGate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void enter(Tenant tenant, String reason) {
            entered.countDown();
            try {
                if (!release.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void exit(Tenant tenant) {}
    }

    @Test
    void aSecondInstanceCannotBackUpOrPruneATenantTheFirstIsRestoring() throws Exception {
        HoldingGate gate = new HoldingGate();
        try (Fixture first = new Fixture(b -> b.lock(null).gate(gate))) {
            String file = first.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().fileName();
            CompletableFuture<RestoreResult> restore = restoreInBackground(first, file, gate);
            try (Fixture second = new Fixture(first, b -> b.lock(null))) {
                assertRefused(second);
                // Another tenant of the same store is not held.
                second.addTenant(Tenant.of("other", "Other", "other_db"));
                second.seed("other_db", "v1");
                assertThat(second.service().backup(Fixture.ADMIN, "other", BackupTrigger.MANUAL).snapshot().tenantId()).isEqualTo("other");

                gate.release.countDown();
                assertThat(restore.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).restoredFrom().fileName()).isEqualTo(file);
                assertThat(second.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().label()).isEqualTo(SnapshotLabel.MANUAL);
            }
        }
    }

    @Test
    void aRebuildMidRestoreIsExcludedUntilTheRestoreEndsAndCloseWaitsForIt() throws Exception {
        HoldingGate gate = new HoldingGate();
        Fixture old = new Fixture(b -> b.lock(null).gate(gate));
        String file = old.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().fileName();
        CompletableFuture<RestoreResult> restore = restoreInBackground(old, file, gate);
        // The host reloads its configuration: builds the new instance, then closes the old one.
        try (Fixture rebuilt = new Fixture(old, b -> b.lock(null))) {
            CompletableFuture<Void> closing = CompletableFuture.runAsync(old::close);
            assertRefused(rebuilt);
            assertThatThrownBy(() -> closing.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

            gate.release.countDown();
            closing.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            // close() returned only after the restore call did (its future completes a moment later, on its thread).
            assertThat(restore.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).restoredFrom().fileName()).isEqualTo(file);
            assertThat(rebuilt.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().label()).isEqualTo(SnapshotLabel.MANUAL);
        }
    }

    @Test
    void instancesOverDifferentStoresDoNotExcludeEachOther() throws Exception {
        HoldingGate gate = new HoldingGate();
        try (Fixture first = new Fixture(b -> b.lock(null).gate(gate)); Fixture elsewhere = new Fixture(b -> b.lock(null))) {
            String file = first.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().fileName();
            CompletableFuture<RestoreResult> restore = restoreInBackground(first, file, gate);
            assertThat(elsewhere.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().tenantId()).isEqualTo("acme");
            gate.release.countDown();
            restore.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static CompletableFuture<RestoreResult> restoreInBackground(Fixture f, String file, HoldingGate gate)
            throws InterruptedException {
        CompletableFuture<RestoreResult> restore = CompletableFuture.supplyAsync(() -> f.restores()
                .restore(Fixture.ADMIN, new RestoreRequest("acme", file, "Acme Corp")));
        assertThat(gate.entered.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the restore entered the gate").isTrue();
        return restore;
    }

    private static void assertRefused(Fixture other) throws InterruptedException {
        assertThatThrownBy(() -> other.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL))
                .isInstanceOf(BackupInProgressException.class);
        BackupJob job = other.service().backupNow(Fixture.ADMIN, "acme", "while another instance restores");
        assertThatThrownBy(() -> job.await(DEADLINE)).isInstanceOf(BackupInProgressException.class);
        assertThatThrownBy(() -> other.catalog().prune(Fixture.ADMIN, "acme", false)).isInstanceOf(BackupInProgressException.class);
        other.clock.advance(Duration.ofDays(2));
        assertThat(other.service().runDue(other.clock.instant())).singleElement()
                .extracting(ScheduledOutcome::outcome).isEqualTo(ScheduledOutcome.Outcome.SKIPPED_LOCKED);
    }
}
