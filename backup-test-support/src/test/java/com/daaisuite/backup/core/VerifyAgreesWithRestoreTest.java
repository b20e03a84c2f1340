package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.core.spi.StorageKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, item 6: {@code verify} runs the restore's checks, so what a restore refuses, verify
 * refuses too, with the same exception (CLI exit 3) and an INTEGRITY_FAILURE event.
 */
class VerifyAgreesWithRestoreTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void verifyRefusesWhatRestoreRefuses() {
        // An older archive copied under a newer name; the older snapshot and its sealed manifest are kept.
        Snapshot older = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        f.clock.advance(Duration.ofHours(2));
        f.seed("acme_db", "v2");
        Snapshot newer = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        String copy = "manual_20261126T150000Z.gz.enc";
        f.storage.put(StorageKey.of("acme", copy), f.bytes("acme", older.fileName()), Instant.now());
        f.events.clear();

        Throwable byRestore = catchThrowable(() -> f.restores().restore(Fixture.ADMIN, new RestoreRequest("acme", copy,
                "Acme Corp")));
        Throwable byVerify = catchThrowable(() -> f.catalog().verify(Fixture.ADMIN, "acme", copy));
        assertThat(byRestore).isInstanceOf(IntegrityException.class).hasMessageContaining(older.fileName());
        assertThat(byVerify).as("verify refuses with the restore's own exception").isInstanceOf(byRestore.getClass())
                .hasMessage(byRestore.getMessage());
        assertThat(f.events.events(BackupEvent.Type.INTEGRITY_FAILURE)).hasSize(2)
                .allSatisfy(e -> assertThat(e.fileName()).isEqualTo(copy));

        // The genuine snapshots still verify.
        assertThat(f.catalog().verify(Fixture.ADMIN, "acme", older.fileName()).ok()).isTrue();
        assertThat(f.catalog().verify(Fixture.ADMIN, "acme", newer.fileName()).ok()).isTrue();
    }

    @Test
    void verifyReportsTheDigestOfExactlyWhatItChecked() throws Exception {
        Snapshot s = f.service().backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
        VerificationReport v = f.catalog().verify(Fixture.ADMIN, "acme", s.fileName());
        byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(f.bytes("acme", s.fileName()));
        assertThat(v.archiveSha256()).isEqualTo(java.util.HexFormat.of().formatHex(sha));
        assertThat(v.ok()).isTrue();
    }
}
