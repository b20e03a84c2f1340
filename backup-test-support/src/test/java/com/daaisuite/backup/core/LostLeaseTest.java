package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes share one lock. Node A pauses (a long GC, a frozen VM) while holding a tenant's lease;
 * the lease expires and node B takes it. When A wakes, its stale lease must not publish anything:
 * a backup aborts before its commit, a restore before it touches the database. Faults are placed by
 * step (a latch in the dump or in the maintenance gate), never by timing.
 */
class LostLeaseTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration PAST_THE_LEASE = Duration.ofMinutes(3);

    private final Fixture a = new Fixture();
    private final Fixture b = new Fixture(a, x -> x.nodeName("node-b"));

    @AfterEach
    void close() {
        b.close();
        a.close();
    }

    @Test
    void aPausedBackupWhoseLeaseWasTakenOverPublishesNothing() throws Exception {
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        a.source.onDump(db -> {
            if (first.getAndSet(false)) {
                paused.countDown();
                await(wake);
            }
        });
        CompletableFuture<BackupResult> nodeA = CompletableFuture.supplyAsync(
                () -> a.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL));
        assertThat(paused.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("node A is inside its dump").isTrue();

        a.clock.advance(PAST_THE_LEASE);
        BackupResult nodeB = b.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        wake.countDown();

        assertThatThrownBy(() -> nodeA.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(BackupInProgressException.class)
                .hasMessageContaining("lock of tenant acme was lost").hasMessageContaining("was not committed");
        assertThat(a.objects("acme")).as("only node B's snapshot and manifest")
                .containsExactly(nodeB.snapshot().fileName(), nodeB.snapshot().fileName() + ".manifest");
        assertThat(a.storage.openUploads()).isZero();
    }

    @Test
    void aPausedRestoreWhoseLeaseWasTakenOverLeavesTheDatabaseAlone() throws Exception {
        Snapshot v1 = a.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        a.seed("acme_db", "v2");
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        a.gate.onEnter = () -> {
            paused.countDown();
            await(wake);
        };
        CompletableFuture<RestoreResult> nodeA = CompletableFuture.supplyAsync(() -> a.restores().restore(Fixture.ADMIN,
                new RestoreRequest("acme", v1.fileName(), "Acme Corp")));
        assertThat(paused.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("node A is entering maintenance").isTrue();

        a.clock.advance(PAST_THE_LEASE);
        b.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        wake.countDown();

        assertThatThrownBy(() -> nodeA.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(BackupInProgressException.class)
                .hasMessageContaining("lock of tenant acme was lost");
        assertThat(a.source.restoreCount()).as("the database was never touched").isZero();
        assertThat(a.content("acme_db").toString()).contains("v2").doesNotContain("v1");
        assertThat(a.gate.exits.get()).as("the workspace was reopened").isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never woke the paused node");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
