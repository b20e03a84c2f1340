package com.daaisuite.backup.core;

import static com.daaisuite.backup.core.BackupEvent.Type.BACKUP_COMPLETED;
import static com.daaisuite.backup.core.BackupEvent.Type.BACKUP_STARTED;
import static com.daaisuite.backup.core.BackupEvent.Type.RESTORE_COMPLETED;
import static com.daaisuite.backup.core.BackupEvent.Type.RESTORE_FAILED;
import static com.daaisuite.backup.core.BackupEvent.Type.RESTORE_REFUSED;
import static com.daaisuite.backup.core.BackupEvent.Type.RESTORE_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.spi.Lease;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.crypto.ArchiveTamperedException;
import com.daaisuite.backup.crypto.KeyUnknownException;
import com.daaisuite.backup.crypto.WrongTenantException;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend.Operation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestoreWorkflowTest {
    private final Fixture f = new Fixture();
    private Snapshot v1;
    private Map<String, List<String>> v1Content;
    private Map<String, List<String>> v2Content;

    @BeforeEach
    void backUpVersionOneThenChangeTheLiveData() {
        v1Content = f.content("acme_db");
        v1 = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        f.seed("acme_db", "v2");
        f.source.insert("acme_db", "added_after_backup", "{late}".getBytes());
        v2Content = f.content("acme_db");
        f.clock.advance(Duration.ofHours(1));
        f.events.clear();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private RestoreRequest request(String file, String typed) {
        return new RestoreRequest("acme", file, typed);
    }

    private void assertLiveUnchangedAndGateClosed() {
        assertThat(f.content("acme_db")).isEqualTo(v2Content);
        assertThat(f.gate.inMaintenance).isFalse();
        assertThat(f.gate.exits.get()).isEqualTo(f.gate.enters.get());
        assertThat(f.source.restoreCount()).isZero();
    }

    @Test
    void prepareShowsWhatTheConfirmationDialogNeeds() {
        RestorePreview p = f.restores().prepare(Fixture.ADMIN, "acme", v1.fileName());
        assertThat(p.workspaceName()).isEqualTo("Acme Corp");
        assertThat(p.databaseName()).isEqualTo("acme_db");
        assertThat(p.snapshot()).isEqualTo(v1);
        assertThat(p.encrypted()).isTrue();
        assertThat(p.createdAtLocal()).isEqualTo(ZonedDateTime.parse("2026-11-26T15:30+05:30[Asia/Kolkata]"));
        assertThat(p.warning()).contains("pre-restore safety backup");
        assertThat(f.events.events()).isEmpty();
    }

    @Test
    void prepareNeedsTheRestorePermission() {
        assertThatThrownBy(() -> f.restores().prepare(Fixture.OPERATOR, "acme", v1.fileName()))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(f.events.types()).containsExactly(BackupEvent.Type.OPERATION_REFUSED);
    }

    @Test
    void aConfirmedRestoreTakesASafetySnapshotThenReplacesTheDatabaseInsideTheGate() {
        RestoreResult r = f.restores().restore(Fixture.ADMIN, request(v1.fileName(), "Acme Corp"));

        assertThat(f.content("acme_db")).isEqualTo(v1Content);
        assertThat(r.restoredFrom()).isEqualTo(v1);
        assertThat(r.documents()).isEqualTo(80);
        assertThat(r.documentsPerCollection()).isEqualTo(Map.of("customers", 30L, "invoices", 50L));
        assertThat(r.droppedCollections()).containsExactly("added_after_backup");
        assertThat(r.safetySnapshot().label()).isEqualTo(SnapshotLabel.PRE_RESTORE);
        assertThat(f.gate.log).containsExactly("enter acme", "exit acme");
        assertThat(f.events.types()).containsExactly(RESTORE_STARTED, BACKUP_STARTED, BACKUP_COMPLETED, RESTORE_COMPLETED);
        BackupEvent done = f.events.events(RESTORE_COMPLETED).get(0);
        assertThat(done.actor()).isEqualTo(Fixture.ADMIN);
        assertThat(done.documents()).isEqualTo(80);
        assertThat(done.fileName()).isEqualTo(v1.fileName());

        // The safety snapshot holds the data as it was just before: restoring it undoes the restore.
        f.clock.advance(Duration.ofMinutes(5));
        f.restores().restore(Fixture.ADMIN, request(r.safetySnapshot().fileName(), "Acme Corp"));
        assertThat(f.content("acme_db")).isEqualTo(v2Content);
    }

    @Test
    void withoutRestorePermissionNothingChanges() {
        assertThatThrownBy(() -> f.restores().restore(Fixture.OPERATOR, request(v1.fileName(), "Acme Corp")))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("RESTORE");
        assertLiveUnchangedAndGateClosed();
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).containsExactly(v1);
        assertThat(f.events.types()).containsExactly(BackupEvent.Type.OPERATION_REFUSED);
        assertThat(f.events.events().get(0).actor()).isEqualTo(Fixture.OPERATOR);
    }

    @Test
    void aTypedNameThatIsNotExactlyTheWorkspaceNameChangesNothing() {
        for (String typed : List.of("acme corp", "Acme Corp ", "Acme", "", "ACME CORP")) {
            assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(v1.fileName(), typed)))
                    .as("typed '%s'", typed).isInstanceOf(ConfirmationMismatchException.class);
        }
        assertLiveUnchangedAndGateClosed();
        assertThat(f.gate.log).isEmpty();
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).containsExactly(v1);
        assertThat(f.events.types()).containsOnly(RESTORE_REFUSED).hasSize(5);
    }

    @Test
    void aRestoreWhileTheLockIsHeldIsRefused() {
        Lease held = f.lock.tryAcquire("acme", "a backup elsewhere", Duration.ofMinutes(5)).orElseThrow();
        try {
            assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(v1.fileName(), "Acme Corp")))
                    .isInstanceOf(BackupInProgressException.class);
        } finally {
            held.release();
        }
        assertLiveUnchangedAndGateClosed();
        assertThat(f.events.types()).containsExactly(RESTORE_REFUSED);
    }

    @Test
    void anUnknownSnapshotIsRefused() {
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request("manual_20200101T000000Z.gz.enc", "Acme Corp")))
                .isInstanceOf(SnapshotNotFoundException.class);
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request("../../etc/passwd", "Acme Corp")))
                .isInstanceOf(InvalidNameException.class);
        assertLiveUnchangedAndGateClosed();
    }

    @Test
    void theSafetyBackupIsTakenInsideTheGateSoNoWriteTheWorkspaceAcceptedIsLost() {
        // The gate is entered before the safety backup starts (it then runs beside the staging): every write
        // the workspace accepted before the gate is in the safety snapshot.
        List<String> gateWhenDumped = new java.util.concurrent.CopyOnWriteArrayList<>();
        f.source.onDump(db -> gateWhenDumped.add(db + " dumped with the gate " + f.gate.log));
        RestoreResult r = f.restores().restore(Fixture.ADMIN, request(v1.fileName(), "Acme Corp"));
        assertThat(gateWhenDumped).containsExactly("acme_db dumped with the gate [enter acme]");
        assertThat(f.gate.log).containsExactly("enter acme", "exit acme");
        assertThat(r.safetySnapshot()).isNotNull();
    }

    @Test
    void whenTheDatabaseCannotBeReachedTheRestoreStopsAtItsFirstReadSayingSo() {
        f.source.failNextJournalRead(new SourceException("Timed out while waiting for a server"));
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(v1.fileName(), "Acme Corp")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("The database of tenant acme cannot be reached, so nothing was done and nothing was changed")
                .hasMessageContaining("Timed out while waiting for a server")
                .hasMessageNotContaining("interrupted earlier restore");
        assertLiveUnchangedAndGateClosed();
        assertThat(f.gate.log).isEmpty();
        assertThat(f.events.types()).endsWith(RESTORE_FAILED);
    }

    @Test
    void whenTheSafetyBackupFailsNothingIsRestoredAndTheGateIsLeft() {
        f.source.failNextDump(new SourceException("connection reset"));
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(v1.fileName(), "Acme Corp")))
                .isInstanceOf(SourceException.class).hasMessage("connection reset");
        assertLiveUnchangedAndGateClosed();
        assertThat(f.gate.log).containsExactly("enter acme", "exit acme");
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).containsExactly(v1);
        assertThat(f.events.types()).endsWith(RESTORE_FAILED);
    }

    @Test
    void whenTheSafetyBackupCannotBeStoredTheRestoreStops() {
        f.storage.failOn(Operation.COMMIT, 1);
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(v1.fileName(), "Acme Corp")))
                .isInstanceOf(StorageException.class);
        assertLiveUnchangedAndGateClosed();
        assertThat(f.gate.log).containsExactly("enter acme", "exit acme");
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).containsExactly(v1);
    }

    @Test
    void whenTheGateCannotBeEnteredNothingIsRestored() {
        f.gate.failOnEnter = new IllegalStateException("host refused maintenance mode");
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(v1.fileName(), "Acme Corp")))
                .hasMessage("host refused maintenance mode");
        assertLiveUnchangedAndGateClosed();
        assertThat(f.gate.exits.get()).isZero();
        assertThat(f.events.types()).endsWith(RESTORE_FAILED).doesNotContain(BACKUP_STARTED);
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).containsExactly(v1);
    }

    @Test
    void anArchiveTamperedInItsFirstSegmentIsRefusedBeforeTheSafetyBackupAndTheGate() {
        byte[] archive = f.bytes("acme", v1.fileName());
        archive[archive.length / 2] ^= 0x04;
        f.storage.overwrite(StorageKey.of("acme", v1.fileName()), archive);
        int snapshotsBefore = f.catalog().list(Fixture.ADMIN, "acme").size();

        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(v1.fileName(), "Acme Corp")))
                .isInstanceOf(ArchiveTamperedException.class);

        assertLiveUnchangedAndGateClosed();
        assertThat(f.gate.log).isEmpty();
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).hasSize(snapshotsBefore);
        assertThat(f.events.types()).endsWith(RESTORE_REFUSED, BackupEvent.Type.INTEGRITY_FAILURE).doesNotContain(RESTORE_STARTED);
        assertThat(f.events.events(RESTORE_REFUSED).get(0).actor()).isEqualTo(Fixture.ADMIN);
    }

    @Test
    void aTruncatedArchiveIsRefusedAndTheLiveDatabaseIsUnchanged() {
        byte[] archive = f.bytes("acme", v1.fileName());
        f.storage.overwrite(StorageKey.of("acme", v1.fileName()), Arrays.copyOf(archive, archive.length - 20));
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(v1.fileName(), "Acme Corp")))
                .isInstanceOf(IntegrityException.class);
        assertLiveUnchangedAndGateClosed();
    }

    @Test
    void aSourceFailureDuringTheSwapLeavesTheLiveDatabaseAsItWas() {
        f.source.failNextRestoreBeforeSwap(new SourceException("write refused by the server"));
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(v1.fileName(), "Acme Corp")))
                .isInstanceOf(SourceException.class).hasMessage("write refused by the server");
        assertLiveUnchangedAndGateClosed();
        assertThat(f.gate.log).containsExactly("enter acme", "exit acme");
        BackupEvent failed = f.events.events(RESTORE_FAILED).get(0);
        assertThat(failed.detail()).contains("live database was left as it was");
        assertThat(failed.actor()).isEqualTo(Fixture.ADMIN);
    }

    @Test
    void anotherTenantsArchiveCopiedIntoThisTenantsFolderIsRefused() {
        f.addTenant(Tenant.of("globex", "Globex", "globex_db"));
        f.seed("globex_db", "globex");
        Snapshot g = f.service().backup(Fixture.ADMIN, "globex", BackupTrigger.MANUAL).snapshot();
        String copied = "manual_20261126T120000Z.gz.enc";
        f.storage.put(StorageKey.of("acme", copied), f.bytes("globex", g.fileName()), Instant.now());
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(copied, "Acme Corp")))
                .isInstanceOf(WrongTenantException.class);
        assertLiveUnchangedAndGateClosed();
        assertThatThrownBy(() -> f.catalog().verify(Fixture.ADMIN, "acme", copied)).isInstanceOf(WrongTenantException.class);
    }

    @Test
    void anArchiveMadeWithAnUnconfiguredKeyIsRefusedNamingTheKey() {
        f.keys.current.set(Fixture.OTHER_KEY);
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(v1.fileName(), "Acme Corp")))
                .isInstanceOf(KeyUnknownException.class).hasMessageContaining(Fixture.KEY.id().toString());
        assertLiveUnchangedAndGateClosed();
        f.keys.retired.add(Fixture.KEY);
        f.clock.advance(Duration.ofMinutes(1));
        f.restores().restore(Fixture.ADMIN, request(v1.fileName(), "Acme Corp"));
        assertThat(f.content("acme_db")).as("a retired key still restores").isEqualTo(v1Content);
    }

    private byte[] plainGzipOfV1() throws Exception {
        byte[] payload = new GZIPInputStream(new ByteArrayInputStream(
                com.daaisuite.backup.crypto.Dbk1.decrypt(new ByteArrayInputStream(f.bytes("acme", v1.fileName())), f.keys, "acme")
                        .readAllBytes())).readAllBytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(payload);
        }
        return gz.toByteArray();
    }

    @Test
    void plaintextNamedAsEncryptedIsAFormatMismatchAndNeverRestored() throws Exception {
        // The downgrade: plain gzip planted under a .gz.enc name, which needs no key at all.
        String misnamed = "manual_20261126T110000Z.gz.enc";
        f.storage.put(StorageKey.of("acme", misnamed), plainGzipOfV1(), Instant.now());
        assertThat(f.catalog().inspect(Fixture.ADMIN, "acme", misnamed).format()).isEqualTo("gzip");
        f.events.clear();
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(misnamed, "Acme Corp")))
                .isInstanceOf(FormatMismatchException.class).isInstanceOf(com.daaisuite.backup.IntegrityException.class)
                .hasMessageContaining("named as encrypted (.gz.enc) but its content is not DBK1");
        assertLiveUnchangedAndGateClosed();
        assertThat(f.events.types()).containsExactly(RESTORE_REFUSED, BackupEvent.Type.INTEGRITY_FAILURE);
        assertThatThrownBy(() -> f.catalog().verify(Fixture.ADMIN, "acme", misnamed)).isInstanceOf(FormatMismatchException.class);
    }

    @Test
    void legacyPlaintextOlderThanTheFirstEncryptedSnapshotRestoresWithItsOriginShownAndAudited() throws Exception {
        String legacy = "monthly_20250101T000000Z.gz";
        f.storage.put(StorageKey.of("acme", legacy), plainGzipOfV1(), Instant.now());
        RestorePreview p = f.restores().prepare(Fixture.ADMIN, "acme", legacy);
        assertThat(p.encrypted()).isFalse();
        assertThat(p.origin()).isEqualTo(Origin.LEGACY_PLAINTEXT);
        assertThat(p.originNote()).contains("its origin cannot be verified");
        assertThat(f.restores().prepare(Fixture.ADMIN, "acme", v1.fileName()).origin()).isEqualTo(Origin.VERIFIED);

        f.restores().restore(Fixture.ADMIN, request(legacy, "Acme Corp"));
        assertThat(f.content("acme_db")).isEqualTo(v1Content);
        assertThat(f.events.events(BackupEvent.Type.UNVERIFIED_RESTORE)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(Fixture.ADMIN);
            assertThat(e.fileName()).isEqualTo(legacy);
            assertThat(e.detail()).startsWith("LEGACY_PLAINTEXT");
        });
    }

    @Test
    void plaintextNewerThanTheFirstEncryptedSnapshotIsRefusedUnlessExplicitlyAccepted() throws Exception {
        // A raw payload (neither encrypted nor compressed) under a .gz name, dated after v1.
        byte[] payload = new GZIPInputStream(new ByteArrayInputStream(plainGzipOfV1())).readAllBytes();
        String planted = "manual_20261126T111000Z.gz";
        f.storage.put(StorageKey.of("acme", planted), payload, Instant.now());
        assertThat(f.restores().prepare(Fixture.ADMIN, "acme", planted).origin()).isEqualTo(Origin.NEEDS_OVERRIDE);
        f.events.clear();

        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(planted, "Acme Corp")))
                .isInstanceOf(UnverifiedOriginException.class).hasMessageContaining(v1.fileName())
                .hasMessageContaining("acceptingUnverifiedOrigin");
        assertLiveUnchangedAndGateClosed();
        assertThat(f.events.types()).containsExactly(RESTORE_REFUSED, BackupEvent.Type.INTEGRITY_FAILURE);

        f.clock.advance(Duration.ofMinutes(1));
        f.restores().restore(Fixture.ADMIN, request(planted, "Acme Corp").acceptingUnverifiedOrigin());
        assertThat(f.content("acme_db")).isEqualTo(v1Content);
        assertThat(f.events.events(BackupEvent.Type.UNVERIFIED_RESTORE)).singleElement()
                .satisfies(e -> assertThat(e.detail()).startsWith("NEEDS_OVERRIDE"));
    }

    @Test
    void refusePlaintextRefusesEveryPlaintextSnapshotEvenWithTheOverride() throws Exception {
        Fixture strict = new Fixture(f, b -> b.refusePlaintext(true));
        try {
            String legacy = "monthly_20250101T000000Z.gz";
            f.storage.put(StorageKey.of("acme", legacy), plainGzipOfV1(), Instant.now());
            assertThat(strict.restores().prepare(Fixture.ADMIN, "acme", legacy).origin()).isEqualTo(Origin.REFUSED);
            assertThatThrownBy(() -> strict.restores().restore(Fixture.ADMIN, request(legacy, "Acme Corp")
                    .acceptingUnverifiedOrigin())).isInstanceOf(UnverifiedOriginException.class)
                    .hasMessageContaining("refuses plaintext entirely");
            assertLiveUnchangedAndGateClosed();
            strict.restores().restore(Fixture.ADMIN, request(v1.fileName(), "Acme Corp"));
            assertThat(f.content("acme_db")).isEqualTo(v1Content);
        } finally {
            strict.close();
        }
    }

    @Test
    void junkUnderAnArchiveNameIsRefusedAsCorrupt() {
        // Dated before the first encrypted snapshot, so the origin rules let it through to the content check.
        String junk = "manual_20250101T110000Z.gz";
        f.storage.put(StorageKey.of("acme", junk), "<html>not a backup</html>".getBytes(), Instant.now());
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, request(junk, "Acme Corp")))
                .isInstanceOf(PayloadCorruptException.class);
        assertLiveUnchangedAndGateClosed();
    }
}
