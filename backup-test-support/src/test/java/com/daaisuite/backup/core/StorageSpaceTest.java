package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the storage can tell its free space (a filesystem can), a backup must fit in it, like in a quota. */
class StorageSpaceTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aBackupThatCannotFitTheStoragesFreeSpaceIsRefusedBeforeAnythingIsWritten() throws Exception {
        Snapshot first = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        long stored = f.objects("acme").stream().mapToLong(n -> f.bytes("acme", n).length).sum();
        f.storage.setCapacity(stored + first.sizeBytes() / 2);
        f.clock.advance(java.time.Duration.ofMinutes(1));

        assertThatThrownBy(() -> f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL))
                .isInstanceOf(QuotaExceededException.class).hasMessageContaining("bytes are free")
                .hasMessageContaining("memory:spec");
        assertThat(f.catalog().list(Fixture.ADMIN, "acme")).containsExactly(first);
        assertThat(f.storage.openUploads()).isZero();
    }

    @Test
    void withRoomToSpareTheBackupRuns() {
        f.storage.setCapacity(64L << 20);
        assertThat(f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().sizeBytes()).isPositive();
    }
}
