package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupJob;
import com.daaisuite.backup.core.BackupService.ScheduledOutcome;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.testing.RecordingListener;
import com.daaisuite.backup.testing.source.InMemoryDatabaseSource;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend.Operation;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Promise 3 for a whole backup: storage that fails in the middle of an upload, at commit, or runs
 * out of space makes the backup fail with a {@link StorageException} that names the tenant and the
 * cause; nothing becomes visible, no upload stays open, and the library does not retry a storage
 * failure (one upload attempt per backup, one backup per tenant per scheduler tick). The S3 wire
 * faults (500, 503, SlowDown, connection resets, bounded SDK retries) are covered by
 * backup-storage-s3's S3FaultInjectionTest; the file system's ENOSPC by backup-storage-fs's fault
 * hook tests (that hook is not public, so the whole-backup "disk full" here uses the in-memory
 * backend's capacity).
 */
class StorageFaultsTest {
    static final String TENANT = "storage-faults";
    static final Tenant T = Fixtures.tenant(TENANT);

    InMemoryStorageBackend storage;
    InMemoryDatabaseSource source;
    RecordingListener events;
    Backups backups;

    @BeforeEach
    void setUp() {
        storage = new InMemoryStorageBackend();
        source = new InMemoryDatabaseSource();
        Random r = new Random(7);
        List<byte[]> docs = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            docs.add(Fixtures.randomDocument(r, 8192)); // 2 MiB, incompressible: the archive is about as big
        }
        source.putDatabase(T.databaseName(), Map.of("records", docs));
        events = new RecordingListener();
        backups = Backups.builder().source(source).storage(storage).keys(KeyProviders.of(Fixtures.KEY_A))
                .tenants(TenantDirectory.of(List.of(T))).access(Fixtures.ACCESS).listener(events).nodeName("faults").build();
    }

    @AfterEach
    void tearDown() {
        backups.close();
    }

    private void assertNothingVisibleAndNothingLeftOpen() throws IOException {
        assertThat(backups.catalog().list(Fixtures.ADMIN, TENANT)).isEmpty();
        assertThat(storage.list(TENANT)).isEmpty();
        assertThat(storage.objectCount()).isZero();
        assertThat(storage.openUploads()).as("uploads left open").isZero();
    }

    @Test
    void aWriteFailingMidUploadFailsTheBackupWithAStorageExceptionOnceAndLeavesNothing() throws IOException {
        storage.failWriteAfterBytes(1_000_000);

        assertThatThrownBy(() -> backups.backup(Fixtures.ADMIN, TENANT, BackupTrigger.MANUAL))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(TENANT)
                .hasMessageContaining("Injected failure")
                .hasMessageContaining("Nothing was stored")
                .hasRootCauseInstanceOf(IOException.class);

        assertNothingVisibleAndNothingLeftOpen();
        assertThat(storage.callCount(Operation.OPEN_UPLOAD)).as("upload attempts: no retry").isEqualTo(1);
        assertThat(events.events(BackupEvent.Type.BACKUP_FAILED)).hasSize(1);
        assertThat(backups.status(Fixtures.ADMIN, TENANT).lastFailure()).get().asString().contains("Injected failure");
        // The failure was transient: the next backup works.
        assertThat(backups.backup(Fixtures.ADMIN, TENANT, BackupTrigger.MANUAL).snapshot()).isNotNull();
        assertThat(backups.catalog().list(Fixtures.ADMIN, TENANT)).hasSize(1);
    }

    @Test
    void aCommitThatFailsLeavesNothingVisible() throws IOException {
        storage.failOn(Operation.COMMIT, 1);

        assertThatThrownBy(() -> backups.backup(Fixtures.ADMIN, TENANT, BackupTrigger.MANUAL))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(TENANT)
                .hasMessageContaining("Injected failure");

        assertNothingVisibleAndNothingLeftOpen();
        assertThat(storage.callCount(Operation.COMMIT)).isEqualTo(1);
    }

    @Test
    void aFullDiskFailsTheBackupWithAClearMessageAndLeavesNothing() throws IOException {
        storage.setCapacity(512 * 1024);

        assertThatThrownBy(() -> backups.backup(Fixtures.ADMIN, TENANT, BackupTrigger.MANUAL))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(TENANT)
                .hasMessageContaining("No space left")
                .hasMessageContaining("Nothing was stored");

        assertNothingVisibleAndNothingLeftOpen();
        assertThat(storage.storedBytes()).isZero();
        assertThat(storage.callCount(Operation.OPEN_UPLOAD)).isEqualTo(1);
    }

    @Test
    void backupNowReportsTheStorageFailureOnItsJobAndLeavesNothing() throws Exception {
        storage.failWriteAfterBytes(100_000);

        BackupJob job = backups.backupNow(Fixtures.ADMIN, TENANT, "before year end");
        assertThatThrownBy(() -> job.await(Duration.ofSeconds(60))).hasRootCauseInstanceOf(IOException.class);

        assertThat(job.state()).isEqualTo(BackupJob.State.FAILED);
        assertThat(job.failure()).get().isInstanceOf(StorageException.class);
        assertNothingVisibleAndNothingLeftOpen();
    }

    @Test
    void theSchedulerDoesNotRetryAFailedUploadWithinATickAndSucceedsAtTheNext() throws IOException {
        storage.failWriteAfterBytes(100_000);
        Instant due = Instant.now().plus(Duration.ofDays(1));

        List<ScheduledOutcome> first = backups.runDue(due);

        assertThat(first).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(ScheduledOutcome.Outcome.FAILED);
            assertThat(o.detail()).contains("Injected failure");
        });
        assertThat(storage.callCount(Operation.OPEN_UPLOAD)).isEqualTo(1);
        assertNothingVisibleAndNothingLeftOpen();

        List<ScheduledOutcome> second = backups.runDue(due.plusSeconds(3600));
        assertThat(second).singleElement().extracting(ScheduledOutcome::outcome).isEqualTo(ScheduledOutcome.Outcome.BACKED_UP);
    }

    @Test
    void aReadFailureDuringARestoreLeavesTheLiveDatabaseUnchanged() {
        Snapshot s = backups.backup(Fixtures.ADMIN, TENANT, BackupTrigger.MANUAL).snapshot();
        source.insert(T.databaseName(), "late", "written after the backup".getBytes());
        Map<String, List<byte[]>> before = source.database(T.databaseName());
        // The safety backup writes; the snapshot's read fails.
        storage.failOn(Operation.OPEN_READ, 1);

        assertThatThrownBy(() -> backups.restores().restore(Fixtures.ADMIN, new RestoreRequest(TENANT, s.fileName(), T.workspaceName())))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(TENANT);

        assertThat(sameContent(source.database(T.databaseName()), before)).isTrue();
        assertThat(source.restoreCount()).isZero();
        assertThat(storage.openUploads()).isZero();
    }

    static boolean sameContent(Map<String, List<byte[]>> a, Map<String, List<byte[]>> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String k : a.keySet()) {
            List<byte[]> x = a.get(k);
            List<byte[]> y = b.get(k);
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!java.util.Arrays.equals(x.get(i), y.get(i))) {
                    return false;
                }
            }
        }
        return true;
    }
}
