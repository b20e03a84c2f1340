package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** One lifecycle: after close() every call fails the same documented way, and close() waits for running work. */
class LifecycleTest {

    @Test
    void everyCallAfterCloseFailsWithBackupsClosedExceptionBeforeDoingAnything() {
        Fixture f = new Fixture();
        String file = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().fileName();
        f.close();
        int dumps = f.source.dumpCount();
        List<ThrowingCallable> calls = List.of(
                () -> f.backups.backupNow(Fixture.ADMIN, "acme", "after close"),
                () -> f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL),
                () -> f.backups.runDue(Instant.parse("2030-01-01T00:00:00Z")),
                () -> f.backups.status(Fixture.ADMIN, "acme"),
                () -> f.backups.nextDue(Fixture.ADMIN, "acme"),
                () -> f.backups.restores().prepare(Fixture.ADMIN, "acme", file),
                () -> f.backups.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", file, "Acme Corp")),
                () -> f.backups.catalog().list(Fixture.ADMIN, "acme"),
                () -> f.backups.catalog().prune(Fixture.ADMIN, "acme", false));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(BackupsClosedException.class)
                    .hasMessageContaining("was refused: this Backups is closed")
                    .hasMessageContaining("build a new Backups");
        }
        assertThat(f.source.dumpCount()).isEqualTo(dumps);
        f.close(); // again: nothing happens
    }

    @Test
    void closeWaitsForARunningBackupNowAndCallsAfterItsStartAreRefused() throws Exception {
        Fixture f = new Fixture();
        CountDownLatch dumping = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        f.source.onDump(db -> {
            dumping.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        BackupJob job = f.service().backupNow(Fixture.ADMIN, "acme", "before shutdown");
        assertThat(dumping.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(f::close);
        // close() has begun: new calls are refused while the running job goes on.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!isClosedForCalls(f) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThatThrownBy(() -> f.backups.status(Fixture.ADMIN, "acme")).isInstanceOf(BackupsClosedException.class);
        assertThat(closing).isNotDone();
        release.countDown();
        closing.get(30, TimeUnit.SECONDS);
        assertThat(job.await(Duration.ofSeconds(30)).note()).isEqualTo("before shutdown");
    }

    @Test
    void aBackupThatCloseHasToInterruptSaysCloseStoppedItAndDoesNotBlameTheDatabase() throws Exception {
        Fixture f = new Fixture();
        CountDownLatch dumping = new CountDownLatch(1);
        f.source.onDump(db -> {
            dumping.countDown();
            try {
                new CountDownLatch(1).await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // What the MongoDB driver reports when its thread is interrupted mid-read.
                throw new SourceException("Could not read the collections of " + db + ": Interrupted waiting for lock. "
                        + "Check that the server is reachable.", e);
            }
        });
        BackupJob job = f.service().backupNow(Fixture.ADMIN, "acme", "stopped by close");
        assertThat(dumping.await(30, TimeUnit.SECONDS)).isTrue();

        f.close(); // waits ten seconds for the job, then interrupts it

        assertThatThrownBy(() -> job.await(Duration.ofSeconds(30)))
                .isInstanceOf(BackupsClosedException.class)
                .hasMessageContaining("was stopped by close() of its Backups")
                .hasMessageContaining("nothing was stored")
                .hasMessageNotContaining("Check that the server is reachable")
                .hasCauseInstanceOf(SourceException.class);
        BackupEvent failed = f.events.events(BackupEvent.Type.BACKUP_FAILED).get(0);
        assertThat(failed.detail()).contains("stopped by close()").doesNotContain("server is reachable");
        assertThat(failed.error()).isInstanceOf(BackupsClosedException.class);
        assertThat(f.objects("acme")).isEmpty();
    }

    private static boolean isClosedForCalls(Fixture f) {
        try {
            f.backups.nextDue(Fixture.ADMIN, "acme");
            return false;
        } catch (BackupsClosedException e) {
            return true;
        }
    }
}
