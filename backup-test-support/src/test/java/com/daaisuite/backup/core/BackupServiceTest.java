package com.daaisuite.backup.core;

import static com.daaisuite.backup.core.BackupEvent.Type.BACKUP_COMPLETED;
import static com.daaisuite.backup.core.BackupEvent.Type.BACKUP_FAILED;
import static com.daaisuite.backup.core.BackupEvent.Type.BACKUP_REFUSED;
import static com.daaisuite.backup.core.BackupEvent.Type.BACKUP_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.spi.Lease;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.KeyMissingException;
import com.daaisuite.backup.testing.source.InMemoryDatabaseSource;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend.Operation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackupServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void backupNowWritesAnEncryptedManualSnapshotAndItsManifest() throws Exception {
        BackupJob job = f.service().backupNow(Fixture.OPERATOR, "acme", "before year-end");
        BackupResult r = job.await(WAIT);

        assertThat(job.state()).isEqualTo(BackupJob.State.SUCCEEDED);
        assertThat(job.result()).contains(r);
        assertThat(job.documentsProcessed()).isEqualTo(80);
        assertThat(job.bytesProcessed()).isEqualTo(r.payloadBytes());
        assertThat(job.failure()).isEmpty();
        assertThat(r.snapshot().fileName()).isEqualTo("manual_20261126T100000Z.gz.enc");
        assertThat(r.snapshot().label()).isEqualTo(SnapshotLabel.MANUAL);
        assertThat(r.snapshot().encrypted()).isTrue();
        assertThat(r.documents()).isEqualTo(80);
        assertThat(r.documentsPerCollection()).isEqualTo(Map.of("customers", 30L, "invoices", 50L));
        assertThat(r.note()).isEqualTo("before year-end");
        assertThat(f.objects("acme")).containsExactly("manual_20261126T100000Z.gz.enc",
                "manual_20261126T100000Z.gz.enc.manifest");
        // The manifest is sealed: a storage reader learns neither the database, the collections nor the note.
        String sealed = new String(f.bytes("acme", "manual_20261126T100000Z.gz.enc.manifest"), StandardCharsets.ISO_8859_1);
        assertThat(sealed).startsWith("DBK1").doesNotContain("acme_db").doesNotContain("invoices")
                .doesNotContain("before year-end").doesNotContain("operator");
        byte[] archive = f.bytes("acme", r.snapshot().fileName());
        assertThat(Dbk1.hasMagic(archive, archive.length)).isTrue();
        assertThat(r.snapshot().sizeBytes()).isEqualTo(archive.length);
        assertThat(f.events.types()).containsExactly(BACKUP_STARTED, BACKUP_COMPLETED);
        BackupEvent done = f.events.events(BACKUP_COMPLETED).get(0);
        assertThat(done.actor()).isEqualTo(Fixture.OPERATOR);
        assertThat(done.fileName()).isEqualTo(r.snapshot().fileName());
        assertThat(done.documents()).isEqualTo(80);
        assertThat(f.storage.openUploads()).isZero();
    }

    @Test
    void aBackupNowSoonerThanTheMinimumIntervalIsRefusedSayingHowLongToWait() throws Exception {
        f.close();
        f = new Fixture(b -> b.backupNowMinInterval(Duration.ofMinutes(5)));
        f.service().backupNow(Fixture.ADMIN, "acme", "first").await(WAIT);
        f.clock.advance(Duration.ofMinutes(2));

        assertThatThrownBy(() -> f.service().backupNow(Fixture.OPERATOR, "acme", "second"))
                .isInstanceOfSatisfying(BackupTooSoonException.class, x -> {
                    assertThat(x.sinceLast()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(x.retryAfter()).isEqualTo(Duration.ofMinutes(3));
                })
                .hasMessageContaining("acme").hasMessageContaining("120 s ago").hasMessageContaining("Try again in 180 s");
        assertThat(f.objects("acme")).hasSize(2);
        assertThat(f.events.events(BACKUP_REFUSED)).hasSize(1);
        assertThat(f.backups.settings().backupNowMinInterval()).isEqualTo(Duration.ofMinutes(5));

        // Scheduled backups are not limited, and once the interval has passed Backup Now is accepted again.
        f.service().backup(Fixture.SCHEDULER, "acme", BackupTrigger.SCHEDULED);
        f.clock.advance(Duration.ofMinutes(3));
        assertThat(f.service().backupNow(Fixture.OPERATOR, "acme", "third").await(WAIT).note()).isEqualTo("third");
    }

    @Test
    void withoutAMinimumIntervalBackupNowsFollowEachOther() throws Exception {
        assertThat(f.backups.settings().backupNowMinInterval()).isZero();
        f.service().backupNow(Fixture.ADMIN, "acme", "first").await(WAIT);
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(f.service().backupNow(Fixture.ADMIN, "acme", "second").await(WAIT).note()).isEqualTo("second");
    }

    @Test
    void theManifestRecordsCountsHashKeyIdAndNote() throws Exception {
        BackupResult r = f.service().backupNow(Fixture.ADMIN, "acme", "quarter close").await(WAIT);
        SnapshotDetails d = f.catalog().inspect(Fixture.ADMIN, "acme", r.snapshot().fileName());
        SnapshotManifest m = d.manifest().orElseThrow();
        assertThat(m.schemaVersion()).isEqualTo(SnapshotManifest.WHOLE_DATABASE_SCHEMA_VERSION);
        assertThat(m.keyId()).contains(Fixture.KEY.id().toString());
        assertThat(m.note()).isEqualTo("quarter close");
        assertThat(m.documents()).isEqualTo(80L);
        assertThat(m.label()).isEqualTo(SnapshotLabel.MANUAL);
        assertThat(m.pointInTime()).isTrue();
        assertThat(m.archiveBytes()).isEqualTo(r.snapshot().sizeBytes());
        assertThat(m.node()).isEqualTo("spec-node");
        assertThat(m.actor()).contains(Fixture.ADMIN.id());
        assertThat(m.libraryVersion()).isNotBlank();
        byte[] archive = f.bytes("acme", r.snapshot().fileName());
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(archive));
        assertThat(m.archiveSha256()).isEqualTo(sha);
    }

    @Test
    void withoutCreatePermissionBackupNowIsRefusedChangesNothingAndIsAudited() throws Exception {
        assertThatThrownBy(() -> f.service().backupNow(Fixture.VIEWER, "acme", null))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("CREATE");
        assertThat(f.objects("acme")).isEmpty();
        assertThat(f.source.dumpCount()).isZero();
        BackupEvent e = f.events.events().get(0);
        assertThat(e.type()).isEqualTo(BackupEvent.Type.OPERATION_REFUSED);
        assertThat(e.actor()).isEqualTo(Fixture.VIEWER);
        assertThat(e.tenantId()).isEqualTo("acme");
        assertThat(e.detail()).contains("CREATE");
    }

    @Test
    void aSuspendedTenantIsRefusedForManualAndScheduledBackups() throws Exception {
        f.addTenant(f.tenant("acme").withActive(false));
        assertThatThrownBy(() -> f.service().backupNow(Fixture.ADMIN, "acme", null)).isInstanceOf(TenantSuspendedException.class);
        assertThatThrownBy(() -> f.service().backup(Fixture.SCHEDULER, "acme", BackupTrigger.SCHEDULED)).isInstanceOf(TenantSuspendedException.class);
        assertThat(f.objects("acme")).isEmpty();
        assertThat(f.events.types()).containsExactly(BACKUP_REFUSED, BACKUP_REFUSED);
        assertThat(f.events.events().get(0).detail()).contains("suspended");
    }

    @Test
    void withoutAKeyBackupsFailAtOnceWriteNothingAndTheStatusShowsTheBanner() throws Exception {
        f.keys.current.set(null);
        // The key provider says how to fix it, in its own terms (here: the fixture's keyring).
        assertThatThrownBy(() -> f.service().backupNow(Fixture.ADMIN, "acme", null)).isInstanceOf(KeyMissingException.class)
                .hasMessageContaining(f.keys.howToConfigureKey()).hasMessageNotContaining("BACKUP_ENCRYPTION_KEY");
        assertThatThrownBy(() -> f.service().backup(Fixture.SCHEDULER, "acme", BackupTrigger.SCHEDULED)).isInstanceOf(KeyMissingException.class);
        assertThat(f.objects("acme")).isEmpty();
        assertThat(f.storage.callCount(Operation.OPEN_UPLOAD)).isZero();
        assertThat(f.source.dumpCount()).isZero();
        assertThat(f.events.types()).containsExactly(BACKUP_REFUSED, BACKUP_REFUSED);
        BackupStatus s = f.service().status(Fixture.ADMIN, "acme");
        assertThat(s.keyConfigured()).isFalse();
        assertThat(s.keyProblem()).hasValueSatisfying(p -> assertThat(p).contains("new backups will fail"));
    }

    @Test
    void withPlaintextAllowedAMissingKeyWritesAStandardGzip() throws Exception {
        f.close();
        f = new Fixture(b -> b.allowPlaintext(true));
        f.keys.current.set(null);
        BackupResult r = f.service().backupNow(Fixture.ADMIN, "acme", null).await(WAIT);
        assertThat(r.snapshot().fileName()).endsWith("Z.gz");
        assertThat(r.snapshot().encrypted()).isFalse();
        byte[] payload = new GZIPInputStream(new ByteArrayInputStream(f.bytes("acme", r.snapshot().fileName()))).readAllBytes();
        assertThat(new InMemoryDatabaseSource().recognizes(payload, payload.length)).isTrue();
        assertThat(f.service().status(Fixture.ADMIN, "acme").keyProblem()).hasValueSatisfying(p -> assertThat(p).contains("plaintext"));
    }

    @Test
    void aBackupThatWouldExceedTheQuotaIsRefusedBeforeWriting() throws Exception {
        BackupResult first = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        f.events.clear();
        f.quota.set(OptionalLong.of(first.snapshot().sizeBytes() - 1));
        f.clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> f.service().backupNow(Fixture.ADMIN, "acme", null)).isInstanceOf(QuotaExceededException.class);
        assertThatThrownBy(() -> f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL)).isInstanceOf(QuotaExceededException.class);
        f.quota.set(OptionalLong.of(0));
        assertThatThrownBy(() -> f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL)).isInstanceOf(QuotaExceededException.class);
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).extracting(Snapshot::fileName).containsExactly(first.snapshot().fileName());
        assertThat(f.events.types()).containsOnly(BACKUP_REFUSED).hasSize(3);
    }

    @Test
    void anUploadThatGrowsPastTheQuotaIsAbortedAndLeavesNothing() throws Exception {
        f.quota.set(OptionalLong.of(100));
        BackupJob job = f.service().backupNow(Fixture.ADMIN, "acme", null);
        assertThatThrownBy(() -> job.await(WAIT)).isInstanceOf(QuotaExceededException.class).hasMessageContaining("aborted");
        assertThat(job.state()).isEqualTo(BackupJob.State.FAILED);
        assertThat(job.failure()).containsInstanceOf(QuotaExceededException.class);
        assertThat(f.objects("acme")).isEmpty();
        assertThat(f.storage.openUploads()).isZero();
        assertThat(f.events.types()).containsExactly(BACKUP_STARTED, BACKUP_FAILED);
        assertThat(f.service().status(Fixture.ADMIN, "acme").lastFailure()).hasValueSatisfying(m -> assertThat(m).contains("quota"));
    }

    @Test
    void twoConcurrentBackupNowCallsForATenantRunOneJobAndTheSecondIsToldItJoined() throws Exception {
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
        BackupJob first = f.service().backupNow(Fixture.ADMIN, "acme", "one");
        assertThat(dumping.await(30, TimeUnit.SECONDS)).isTrue();
        BackupJob second = f.service().backupNow(Fixture.OPERATOR, "acme", "two");
        assertThat(f.service().status(Fixture.ADMIN, "acme").running()).isTrue();
        release.countDown();
        assertThat(first.joined()).isFalse();
        assertThat(second.joined()).isTrue();
        // The joined job is the first caller's: its note and actor, not the operator's.
        assertThat(second.startedBy()).isEqualTo(Fixture.ADMIN);
        assertThat(second.note()).isEqualTo("one");
        assertThat(second.tenantId()).isEqualTo("acme");
        BackupResult r = first.await(WAIT);
        assertThat(second.await(WAIT)).isEqualTo(r);
        assertThat(r.note()).isEqualTo("one");
        assertThat(f.source.dumpCount()).isEqualTo(1);
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).hasSize(1);
        assertThat(f.service().status(Fixture.ADMIN, "acme").running()).isFalse();
    }

    @Test
    void aNoteLongerThanTheLimitIsRefusedWholeNeverCut() throws Exception {
        String limit = "n".repeat(BackupService.MAX_NOTE_LENGTH);
        assertThatThrownBy(() -> f.service().backupNow(Fixture.ADMIN, "acme", limit + "!"))
                .isInstanceOf(InvalidNoteException.class)
                .hasMessageContaining("has 501 characters").hasMessageContaining("at most 500");
        assertThat(f.source.dumpCount()).isZero();
        BackupResult r = f.service().backupNow(Fixture.ADMIN, "acme", "  " + limit + "\n").await(WAIT);
        assertThat(r.note()).isEqualTo(limit);
    }

    @Test
    void aBackupWhileTheTenantsLockIsHeldIsRefused() throws Exception {
        Lease held = f.lock.tryAcquire("acme", "someone-else", Duration.ofMinutes(5)).orElseThrow();
        try {
            assertThatThrownBy(() -> f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL)).isInstanceOf(BackupInProgressException.class);
            BackupJob job = f.service().backupNow(Fixture.ADMIN, "acme", null);
            assertThatThrownBy(() -> job.await(WAIT)).isInstanceOf(BackupInProgressException.class);
        } finally {
            held.release();
        }
        assertThat(f.objects("acme")).isEmpty();
        assertThat(f.events.types()).containsExactly(BACKUP_REFUSED, BACKUP_REFUSED);
    }

    @Test
    void aDumpFailingMidwayLeavesNothingAndIsReportedInTheStatus() throws Exception {
        f.source.failNextDumpAfterBytes(200);
        BackupJob job = f.service().backupNow(Fixture.ADMIN, "acme", null);
        assertThatThrownBy(() -> job.await(WAIT)).isInstanceOf(SourceException.class).hasMessageContaining("acme_db");
        assertThat(f.objects("acme")).isEmpty();
        assertThat(f.storage.openUploads()).isZero();
        assertThat(f.events.types()).containsExactly(BACKUP_STARTED, BACKUP_FAILED);
        assertThat(f.service().status(Fixture.ADMIN, "acme").lastFailure()).isPresent();
        f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(f.service().status(Fixture.ADMIN, "acme").lastFailure()).as("cleared by a success").isEmpty();
    }

    @Test
    void aStorageWriteOrCommitFailureLeavesNothing() throws Exception {
        f.storage.failOn(Operation.WRITE, 1);
        assertThatThrownBy(() -> f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL)).isInstanceOf(StorageException.class)
                .hasMessageContaining("acme/db-backups/manual_");
        f.storage.failOn(Operation.COMMIT, 1);
        assertThatThrownBy(() -> f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL)).isInstanceOf(StorageException.class);
        assertThat(f.objects("acme")).isEmpty();
        assertThat(f.storage.openUploads()).isZero();
    }

    @Test
    void aManifestThatCannotBeWrittenDoesNotFailTheBackup() throws Exception {
        f.storage.failOn(Operation.OPEN_UPLOAD, 2);
        BackupResult r = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(f.objects("acme")).containsExactly(r.snapshot().fileName());
        assertThat(f.catalog().inspect(Fixture.ADMIN, "acme", r.snapshot().fileName()).manifest()).isEmpty();
    }

    @Test
    void backupsInTheSameSecondGetDistinctSortableNames() {
        BackupResult a = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        BackupResult b = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(a.snapshot().fileName()).isEqualTo("manual_20261126T100000Z.gz.enc");
        assertThat(b.snapshot().fileName()).isEqualTo("manual_20261126T100000Z_2.gz.enc");
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).extracting(Snapshot::fileName).containsExactly(b.snapshot().fileName(),
                a.snapshot().fileName());
    }

    @Test
    void aNameTakenBetweenListingAndCommitIsRetriedUnderAnotherName() throws Exception {
        // Another writer's archive that the listing did not show yet: the commit finds it and the backup retries.
        f.close();
        com.daaisuite.backup.core.spi.StorageBackend hidingListings = new com.daaisuite.backup.core.spi.StorageBackend() {
            @Override
            public com.daaisuite.backup.core.spi.StorageUpload openUpload(StorageKey key) throws java.io.IOException {
                return f.storage.openUpload(key);
            }

            @Override
            public java.io.InputStream openRead(StorageKey key) throws java.io.IOException {
                return f.storage.openRead(key);
            }

            @Override
            public List<com.daaisuite.backup.core.spi.StorageObject> list(String tenantId) throws java.io.IOException {
                return f.storage.list(tenantId).stream().filter(o -> !o.key().fileName().startsWith("manual_20261126T100000Z.gz.enc"))
                        .toList();
            }

            @Override
            public void delete(java.util.Collection<StorageKey> keys) throws java.io.IOException {
                f.storage.delete(keys);
            }

            @Override
            public String describe() {
                return "hiding";
            }
        };
        f = new Fixture(b -> b.storage(hidingListings));
        f.storage.put(StorageKey.of("acme", "manual_20261126T100000Z.gz.enc"), new byte[] {1, 2, 3}, f.clock.instant());
        BackupResult r = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(r.snapshot().fileName()).matches("manual_20261126T100000Z_[0-9a-f]{6}\\.gz\\.enc");
        assertThat(f.bytes("acme", "manual_20261126T100000Z.gz.enc")).containsExactly(1, 2, 3);
        assertThat(f.storage.openUploads()).isZero();
    }

    @Test
    void theScheduledTriggerUsesTheFrequencyLabelAndPreRestoreItsOwn() {
        f.addTenant(f.tenant("acme").withFrequency(SnapshotLabel.FIFTEEN_DAY));
        assertThat(f.service().backup(Fixture.SCHEDULER, "acme", BackupTrigger.SCHEDULED).snapshot().label()).isEqualTo(SnapshotLabel.FIFTEEN_DAY);
        assertThat(f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.PRE_RESTORE).snapshot().label()).isEqualTo(SnapshotLabel.PRE_RESTORE);
    }

    @Test
    void aDumpThatIsNotPointInTimeIsNoticedOnceInTheStatusNotAsAnEventPerBackup() {
        assertThat(f.service().status(Fixture.ADMIN, "acme").consistencyNotice()).isEmpty();
        f.source.pointInTime(false);
        BackupResult r = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        f.clock.advance(Duration.ofMinutes(1));
        f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(r.pointInTime()).isFalse();
        assertThat(f.events.types()).containsExactly(BACKUP_STARTED, BACKUP_COMPLETED, BACKUP_STARTED, BACKUP_COMPLETED);
        assertThat(f.service().status(Fixture.ADMIN, "acme").consistencyNotice()).hasValueSatisfying(n -> assertThat(n)
                .startsWith("Backups of this workspace are not point-in-time snapshots: the in-memory source was told")
                .contains("replica set"));
        // A consistent backup clears it: the newest snapshot decides.
        f.source.pointInTime(true);
        f.clock.advance(Duration.ofMinutes(1));
        f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(f.service().status(Fixture.ADMIN, "acme").consistencyNotice()).isEmpty();
    }

    @Test
    void aThrowingListenerIsIgnored() {
        f.close();
        f = new Fixture(b -> b.listener(e -> {
            throw new IllegalStateException("listener bug");
        }));
        assertThat(f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot()).isNotNull();
        assertThat(f.events.types()).contains(BACKUP_COMPLETED);
    }

    @Test
    void statusShowsTheKeyTheLastSnapshotAndTheNextDueTime() {
        BackupStatus before = f.service().status(Fixture.ADMIN, "acme");
        assertThat(before.keyConfigured()).isTrue();
        assertThat(before.keyProblem()).isEmpty();
        assertThat(before.lastSnapshot()).isEmpty();
        assertThat(before.running()).isFalse();
        // 10:00 UTC is 15:30 in Kolkata: the first run was due at 01:00 local today.
        assertThat(before.nextDue()).isEqualTo(java.time.Instant.parse("2026-11-25T19:30:00Z"));
        BackupResult r = f.service().backup(Fixture.SCHEDULER, "acme", BackupTrigger.SCHEDULED);
        BackupStatus after = f.service().status(Fixture.ADMIN, "acme");
        assertThat(after.lastSnapshot()).contains(r.snapshot());
        assertThat(after.nextDue()).isEqualTo(java.time.Instant.parse("2026-11-26T19:30:00Z"));
    }

    @Test
    void unknownTenantsAndHostileIdsAreRefused() {
        assertThatThrownBy(() -> f.service().backupNow(Fixture.ADMIN, "nobody", null)).isInstanceOf(UnknownTenantException.class);
        assertThatThrownBy(() -> f.service().backup(Fixture.ADMIN, "../etc", BackupTrigger.MANUAL)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void largeDatabasesStreamThroughManyGzipMembersAndDbk1Segments() throws Exception {
        byte[][] docs = new byte[3000][];
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < docs.length; i++) {
            byte[] d = new byte[1500];
            r.nextBytes(d);
            docs[i] = d;
        }
        f.source.insert("acme_db", "blobs", docs);
        BackupResult res = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(res.payloadBytes()).isGreaterThan(4_000_000L);
        VerificationReport v = f.catalog().verify(Fixture.ADMIN, "acme", res.snapshot().fileName());
        assertThat(v.ok()).isTrue();
        assertThat(v.documentsPerCollection()).containsEntry("blobs", 3000L);
        assertThat(f.storage.bytesOf(StorageKey.of("acme", res.snapshot().fileName()))).isPresent();
    }

    @Test
    void theBuilderNamesAMissingField() {
        assertThatThrownBy(() -> Backups.builder().storage(f.storage).build()).isInstanceOf(com.daaisuite.backup.ConfigurationException.class)
                .hasMessageContaining("source is required");
        assertThatThrownBy(() -> Backups.builder().source(f.source).storage(f.storage).keys(f.keys)
                .tenants(com.daaisuite.backup.core.spi.TenantDirectory.of(List.of())).build())
                .hasMessageContaining("access is required");
        assertThatThrownBy(() -> Backups.builder().source(f.source).storage("file:/tmp/x").build())
                .hasMessageContaining("backup-storage-fs");
    }
}
