package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.crypto.ArchiveRenamedException;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Header;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, item 5: an encrypted snapshot is bound to its name and creation time in its authenticated
 * DBK1 header (version 2), so a rename or a rollback is an integrity error in list, verify and
 * restore, with or without the sealed manifest; a missing sealed manifest is flagged.
 */
class RenamedSnapshotTest {
    private final Fixture f = new Fixture();
    private Snapshot older;
    private Snapshot newer;
    private Map<String, List<String>> live;

    @BeforeEach
    void twoSnapshotsOfDifferentData() {
        older = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        f.clock.advance(Duration.ofHours(1));
        f.seed("acme_db", "v2");
        newer = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        f.seed("acme_db", "v3");
        live = f.content("acme_db");
        f.clock.advance(Duration.ofHours(1));
        f.events.clear();
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void everySnapshotIsWrittenBoundToItsNameAndCreationTime() {
        Dbk1Header h = Dbk1.readHeader(new ByteArrayInputStream(f.bytes("acme", newer.fileName())));
        assertThat(h.version()).isEqualTo(2);
        assertThat(h.archiveName()).contains(newer.fileName());
        assertThat(h.createdAt()).contains(newer.createdAt());
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).noneMatch(Snapshot::flagged);
    }

    @Test
    void anOlderArchiveRenamedOntoANewerNameIsAnIntegrityErrorInListVerifyAndRestore() throws Exception {
        // The rollback: the older archive moved onto the newer snapshot's name, both sealed manifests deleted.
        f.storage.overwrite(StorageKey.of("acme", newer.fileName()), f.bytes("acme", older.fileName()));
        f.storage.delete(List.of(StorageKey.of("acme", older.fileName()), sealed(older), sealed(newer)));

        Snapshot listed = f.catalog().list(Fixture.ADMIN, "acme").get(0);
        assertThat(listed.fileName()).isEqualTo(newer.fileName());
        assertThat(listed.flagged()).isTrue();
        assertThat(listed.warning().orElseThrow()).contains("sealed manifest is missing");
        assertThatThrownBy(() -> f.catalog().verify(Fixture.ADMIN, "acme", newer.fileName()))
                .isInstanceOf(ArchiveRenamedException.class).hasMessageContaining(older.fileName());
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", newer.fileName(), "Acme Corp")))
                .isInstanceOf(ArchiveRenamedException.class).hasMessageContaining(older.fileName());
        assertThat(f.content("acme_db")).as("the live database is untouched").isEqualTo(live);
        assertThat(f.source.restoreCount()).isZero();
        assertThat(f.events.types()).contains(BackupEvent.Type.INTEGRITY_FAILURE);
    }

    @Test
    void anArchiveRenamedWithItsSealedManifestIsFlaggedInTheDetailedListAndRefused() throws Exception {
        String renamed = "manual_20261126T115959Z.gz.enc";
        f.storage.put(StorageKey.of("acme", renamed), f.bytes("acme", older.fileName()), Instant.now());
        f.storage.put(StorageKey.of("acme", renamed + ".manifest"), f.bytes("acme", older.fileName() + ".manifest"),
                Instant.now());
        f.storage.delete(List.of(StorageKey.of("acme", older.fileName()), sealed(older)));

        SnapshotInfo row = f.catalog().listWithDetails(Fixture.ADMIN, "acme", 0, 10).stream()
                .filter(i -> i.snapshot().fileName().equals(renamed)).findFirst().orElseThrow();
        assertThat(row.snapshot().flagged()).isTrue();
        assertThat(row.manifest()).isEmpty();
        assertThatThrownBy(() -> f.catalog().verify(Fixture.ADMIN, "acme", renamed)).isInstanceOf(ArchiveRenamedException.class);
        assertThatThrownBy(() -> f.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", renamed, "Acme Corp")))
                .isInstanceOf(ArchiveRenamedException.class);
        assertThat(f.content("acme_db")).isEqualTo(live);
    }

    @Test
    void anEncryptedSnapshotWhoseSealedManifestIsMissingIsFlaggedInListAndVerify() throws Exception {
        f.storage.delete(List.of(sealed(newer)));

        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).filteredOn(Snapshot::flagged).extracting(Snapshot::fileName)
                .containsExactly(newer.fileName());
        VerificationReport v = f.catalog().verify(Fixture.ADMIN, "acme", newer.fileName());
        assertThat(v.ok()).as("the archive itself is intact and bound to its name").isTrue();
        assertThat(v.snapshot().warning().orElseThrow()).contains("sealed manifest is missing");
    }

    @Test
    void anArchiveWrittenBeforeVersion2StillVerifiesAndRestores() throws Exception {
        // Version 1 (no name in the header), as every release before this one wrote.
        byte[] payload = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(Dbk1.decrypt(
                new ByteArrayInputStream(f.bytes("acme", older.fileName())), f.keys, "acme").readAllBytes())).readAllBytes();
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        try (OutputStream o = new java.util.zip.GZIPOutputStream(Dbk1.encrypt(v1, Fixture.KEY, "acme"))) {
            o.write(payload);
        }
        String name = "monthly_20260101T000000Z.gz.enc";
        f.storage.put(StorageKey.of("acme", name), v1.toByteArray(), Instant.now());
        assertThat(Dbk1.readHeader(new ByteArrayInputStream(v1.toByteArray())).version()).isEqualTo(1);

        assertThat(f.catalog().verify(Fixture.ADMIN, "acme", name).ok()).isTrue();
        f.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", name, "Acme Corp"));
        assertThat(f.content("acme_db")).isNotEqualTo(live);
    }

    private static StorageKey sealed(Snapshot s) {
        return StorageKey.of("acme", s.fileName() + ".manifest");
    }
}
