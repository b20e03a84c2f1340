package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.internal.InJvmOriginLedger;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, item 4: the plaintext origin rule is decided by a record the storage writer cannot
 * reach (the {@link com.daaisuite.backup.core.spi.OriginLedger}), not by what the storage shows.
 */
class OriginLedgerTest {
    private final InJvmOriginLedger ledger = new InJvmOriginLedger();
    private final Fixture f = new Fixture(b -> b.originLedger(ledger));
    private Snapshot v1;
    private Map<String, List<String>> v1Content;
    private Map<String, List<String>> v2Content;

    @BeforeEach
    void backUpVersionOneThenChangeTheLiveData() {
        v1Content = f.content("acme_db");
        v1 = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        f.seed("acme_db", "v2");
        v2Content = f.content("acme_db");
        f.clock.advance(Duration.ofHours(1));
        f.events.clear();
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void theFirstEncryptedBackupIsRecordedOutsideTheStorage() {
        assertThat(ledger.encryptedSince("acme")).contains(v1.createdAt());
        f.clock.advance(Duration.ofDays(1));
        f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(ledger.encryptedSince("acme")).as("only ever the first").contains(v1.createdAt());
    }

    @Test
    void aPlantedPlaintextArchiveAfterTheEncryptedSnapshotsWereDeletedIsRefused() throws Exception {
        byte[] plain = plainGzipOfV1();
        deleteEveryEncryptedObject();
        String planted = "manual_20261126T110000Z.gz";
        f.storage.put(StorageKey.of("acme", planted), plain, Instant.now());

        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).extracting(Snapshot::fileName).containsExactly(planted);
        RestorePreview p = f.restores().prepare(Fixture.ADMIN, "acme", planted);
        assertThat(p.origin()).isEqualTo(Origin.NEEDS_OVERRIDE);
        assertThat(p.originNote()).contains("the storage shows none");
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", planted, "Acme Corp")))
                .isInstanceOf(UnverifiedOriginException.class);
        assertThat(f.content("acme_db")).isEqualTo(v2Content);
        assertThat(f.events.types()).contains(BackupEvent.Type.INTEGRITY_FAILURE);

        // The operator who knows better can still say so, on the record.
        f.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", planted, "Acme Corp").acceptingUnverifiedOrigin());
        assertThat(f.content("acme_db")).isEqualTo(v1Content);
    }

    @Test
    void aPlantedPlaintextArchiveAfterTheEncryptedSnapshotsWereRenamedInto2099IsRefused() throws Exception {
        byte[] plain = plainGzipOfV1();
        byte[] archive = f.bytes("acme", v1.fileName());
        deleteEveryEncryptedObject();
        f.storage.put(StorageKey.of("acme", "manual_20991231T000000Z.gz.enc"), archive, Instant.now());
        String planted = "manual_20261126T110000Z.gz";
        f.storage.put(StorageKey.of("acme", planted), plain, Instant.now());

        assertThat(f.restores().prepare(Fixture.ADMIN, "acme", planted).origin()).isEqualTo(Origin.NEEDS_OVERRIDE);
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", planted, "Acme Corp")))
                .isInstanceOf(UnverifiedOriginException.class).hasMessageContaining(v1.createdAt().toString());
        assertThat(f.content("acme_db")).isEqualTo(v2Content);
    }

    @Test
    void legacyPlaintextFromBeforeTheRecordedInstantStillRestores() throws Exception {
        String legacy = "monthly_20250101T000000Z.gz";
        f.storage.put(StorageKey.of("acme", legacy), plainGzipOfV1(), Instant.now());
        deleteEveryEncryptedObject();

        assertThat(f.restores().prepare(Fixture.ADMIN, "acme", legacy).origin()).isEqualTo(Origin.NEEDS_OVERRIDE)
                .as("the record exists but the storage shows no encrypted snapshot: refused without the override");
        f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(f.restores().prepare(Fixture.ADMIN, "acme", legacy).origin()).isEqualTo(Origin.LEGACY_PLAINTEXT);
        f.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", legacy, "Acme Corp"));
        assertThat(f.content("acme_db")).isEqualTo(v1Content);
    }

    @Test
    void anExistingDeploymentIsBackfilledFromTheEarliestAuthenticatedEncryptedSnapshot() throws Exception {
        // Another host over the same storage with a ledger that has never seen this tenant (an upgrade).
        // A forged .gz.enc dated earlier than v1 is no evidence: its sealed manifest does not authenticate.
        InJvmOriginLedger fresh = new InJvmOriginLedger();
        f.storage.put(StorageKey.of("acme", "manual_20200101T000000Z.gz.enc"), new byte[] {'D', 'B', 'K', '1'}, Instant.now());
        f.storage.put(StorageKey.of("acme", "manual_20200101T000000Z.gz.enc.manifest"), new byte[64], Instant.now());
        String planted = "manual_20261126T110000Z.gz";
        f.storage.put(StorageKey.of("acme", planted), plainGzipOfV1(), Instant.now());
        Fixture upgraded = new Fixture(f, b -> b.originLedger(fresh));
        try {
            assertThat(upgraded.restores().prepare(Fixture.ADMIN, "acme", planted).origin()).isEqualTo(Origin.NEEDS_OVERRIDE);
            assertThat(fresh.encryptedSince("acme")).contains(v1.createdAt());

            // Once recorded, deleting the evidence changes nothing.
            deleteEveryEncryptedObject();
            assertThat(upgraded.restores().prepare(Fixture.ADMIN, "acme", planted).origin()).isEqualTo(Origin.NEEDS_OVERRIDE);
        } finally {
            upgraded.close();
        }
    }

    private void deleteEveryEncryptedObject() throws Exception {
        InMemoryStorageBackend s = f.storage;
        List<StorageKey> doomed = new ArrayList<>();
        for (String name : f.objects("acme")) {
            if (name.contains(".gz.enc")) {
                doomed.add(StorageKey.of("acme", name));
            }
        }
        s.delete(doomed);
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
}
