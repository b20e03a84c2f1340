package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.spi.Lease;
import com.daaisuite.backup.crypto.KeyMissingException;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Re-encrypting archives of a retired key under the current key: a library operation under the tenant's lock. */
class KeyRotationTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private Snapshot backupUnderTheOldKeyThenRotate() {
        Snapshot s = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        f.keys.retired.add(Fixture.KEY);
        f.keys.current.set(Fixture.OTHER_KEY);
        return s;
    }

    private static String rekeyed(Snapshot s) {
        return s.fileName().replace(".gz.enc", "_k" + Fixture.OTHER_KEY.id().toString().substring(0, 8) + ".gz.enc");
    }

    @Test
    void anArchiveOfARetiredKeyMovesWithItsManifestAndPinAndTheOldOnesAreGone() throws Exception {
        Snapshot s = backupUnderTheOldKeyThenRotate();
        f.catalog().pin(Fixture.ADMIN, "acme", s.fileName());

        KeyRotation.RekeyReport r = f.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false);

        String moved = rekeyed(s);
        assertThat(r.moved()).containsExactly(new KeyRotation.Moved(s.fileName(), Fixture.KEY.id().toString(), moved));
        assertThat(f.objects("acme")).containsExactly(moved, moved + ".manifest", moved + ".pin");
        SnapshotDetails d = f.catalog().inspect(Fixture.ADMIN, "acme", moved);
        assertThat(d.keyId()).contains(Fixture.OTHER_KEY.id().toString());
        assertThat(d.manifest()).hasValueSatisfying(m -> {
            assertThat(m.archive()).isEqualTo(moved);
            assertThat(m.keyId()).contains(Fixture.OTHER_KEY.id().toString());
            assertThat(m.archiveBytes()).isEqualTo(d.snapshot().sizeBytes());
            assertThat(m.documents()).isEqualTo(80);
        });
        assertThat(d.snapshot().pinned()).isTrue();
        // Only the current key is needed from now on, and the manifest's checksum matches the new archive.
        f.keys.retired.clear();
        assertThat(f.catalog().verify(Fixture.ADMIN, "acme", moved).ok()).isTrue();
    }

    /**
     * A storage command failing at each step of a re-key (read the old archive, open, write and commit
     * the new one, write its manifest, delete the old): every snapshot still verifies (as the old or as
     * the new archive, never neither), and the next run finishes the job.
     */
    @Test
    void aStorageCommandFailingAtEachStepLeavesEverySnapshotReadableAndTheNextRunFinishes() throws Exception {
        Object[][] steps = {
            {InMemoryStorageBackend.Operation.OPEN_READ, 1}, {InMemoryStorageBackend.Operation.OPEN_UPLOAD, 1},
            {InMemoryStorageBackend.Operation.WRITE, 1}, {InMemoryStorageBackend.Operation.COMMIT, 1},
            {InMemoryStorageBackend.Operation.OPEN_UPLOAD, 2}, {InMemoryStorageBackend.Operation.COMMIT, 2},
            {InMemoryStorageBackend.Operation.DELETE, 1},
        };
        for (Object[] step : steps) {
            try (Fixture g = new Fixture()) {
                Snapshot s = g.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
                g.keys.retired.add(Fixture.KEY);
                g.keys.current.set(Fixture.OTHER_KEY);
                g.storage.failOn((InMemoryStorageBackend.Operation) step[0], (Integer) step[1]);

                Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                        () -> g.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false));

                String where = step[0] + " #" + step[1] + (t == null ? "" : " (" + t.getMessage() + ")");
                List<Snapshot> listed = g.catalog().list(Fixture.ADMIN, "acme");
                assertThat(listed).as("a snapshot is still listed after %s", where).isNotEmpty();
                for (Snapshot l : listed) {
                    assertThat(g.catalog().verify(Fixture.ADMIN, "acme", l.fileName()).ok())
                            .as("%s verifies after %s", l.fileName(), where).isTrue();
                }
                g.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false);
                String moved = rekeyed(s);
                assertThat(g.objects("acme")).as("after %s and a second run", where).containsExactly(moved, moved + ".manifest");
                g.keys.retired.clear();
                assertThat(g.catalog().verify(Fixture.ADMIN, "acme", moved).ok()).isTrue();
            }
        }
    }

    @Test
    void aSecondRunFindsEverythingCurrentAndADryRunChangesNothing() throws Exception {
        Snapshot s = backupUnderTheOldKeyThenRotate();
        KeyRotation.RekeyReport dry = f.backups.keyRotation().rekey(Fixture.ADMIN, "acme", true);
        assertThat(dry.moved()).hasSize(1);
        assertThat(f.objects("acme")).containsExactly(s.fileName(), s.fileName() + ".manifest");

        f.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false);
        KeyRotation.RekeyReport again = f.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false);
        assertThat(again.moved()).isEmpty();
        assertThat(again.alreadyCurrent()).isEqualTo(1);
    }

    @Test
    void anArchiveOfAnUnconfiguredKeyIsReportedAndLeftAlone() throws Exception {
        Snapshot s = backupUnderTheOldKeyThenRotate();
        f.keys.retired.clear();
        KeyRotation.RekeyReport r = f.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false);
        assertThat(r.moved()).isEmpty();
        assertThat(r.unknownKey()).extracting(KeyRotation.Moved::from).containsExactly(s.fileName());
        assertThat(f.objects("acme")).contains(s.fileName());
    }

    @Test
    void itNeedsTheKeysPermissionACurrentKeyAndTheTenantsLock() throws Exception {
        Snapshot s = backupUnderTheOldKeyThenRotate();
        assertThatThrownBy(() -> f.backups.keyRotation().rekey(Fixture.OPERATOR, "acme", false))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("KEYS");
        Optional<Lease> held = f.lock.tryAcquire("acme", "another-node:backup", Duration.ofMinutes(2));
        assertThat(held).isPresent();
        assertThatThrownBy(() -> f.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false))
                .isInstanceOf(BackupInProgressException.class);
        held.get().release();
        f.keys.current.set(null);
        assertThatThrownBy(() -> f.backups.keyRotation().rekey(Fixture.ADMIN, "acme", false))
                .isInstanceOf(KeyMissingException.class);
        assertThat(f.objects("acme")).containsExactly(s.fileName(), s.fileName() + ".manifest");
    }
}
