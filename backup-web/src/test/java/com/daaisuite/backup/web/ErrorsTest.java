package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.BackupInProgressException;
import com.daaisuite.backup.core.ConfirmationMismatchException;
import com.daaisuite.backup.core.PermissionDeniedException;
import com.daaisuite.backup.core.QuotaExceededException;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.TenantSuspendedException;
import com.daaisuite.backup.core.UnverifiedOriginException;
import com.daaisuite.backup.crypto.ArchiveTamperedException;
import com.daaisuite.backup.crypto.KeyMissingException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The library's exceptions keep their meaning on the wire, and never carry a location or a trace there. */
class ErrorsTest {

    @Test
    void each_library_exception_has_its_status_and_code() {
        assertThat(Errors.map(new PermissionDeniedException("no")).status()).isEqualTo(403);
        assertThat(Errors.map(new ConfirmationMismatchException("no")).code()).isEqualTo("confirmation_mismatch");
        assertThat(Errors.map(new ConfirmationMismatchException("no")).status()).isEqualTo(422);
        assertThat(Errors.map(new BackupInProgressException("busy")).status()).isEqualTo(409);
        assertThat(Errors.map(new TenantSuspendedException("s")).code()).isEqualTo("tenant_suspended");
        assertThat(Errors.map(new QuotaExceededException("q")).code()).isEqualTo("quota_exceeded");
        assertThat(Errors.map(new KeyMissingException("k")).status()).isEqualTo(503);
        assertThat(Errors.map(new ArchiveTamperedException("t")).status()).isEqualTo(422);
        assertThat(Errors.map(new UnverifiedOriginException("o")).code()).isEqualTo("unverified_origin");
        assertThat(Errors.map(new SnapshotNotFoundException("n")).status()).isEqualTo(404);
        assertThat(Errors.map(new CompletionException(new PermissionDeniedException("wrapped"))).code()).isEqualTo("permission_denied");
    }

    @Test
    void storage_source_and_unexpected_failures_get_a_fixed_message() {
        Errors.Mapped storage = Errors.map(new StorageException("Reading acme/x from file:/srv/backups failed: /srv/backups/acme denied"));
        assertThat(storage.status()).isEqualTo(503);
        assertThat(storage.message()).doesNotContain("/srv", "file:");
        Errors.Mapped source = Errors.map(new SourceException("mongodb://admin:pw@db.internal:27017 refused"));
        assertThat(source.message()).doesNotContain("mongodb", "db.internal", "pw");
        Errors.Mapped npe = Errors.map(new NullPointerException("Cannot invoke \"String.length()\" in /home/app/Foo.java"));
        assertThat(npe.status()).isEqualTo(500);
        assertThat(npe.message()).doesNotContain("/home", "NullPointer", "String.length");
    }

    /** What a browser must never see, from the probe of GET /api/status and the restore errors. */
    static final String[] INFRASTRUCTURE = {"127.0.0.1", "daai_acme", "daai_backup.restore_journal", "Exception", "java.",
        "com.mongodb", "/srv", "file:", "s3://", "root", "acme", "BACKUP_ENCRYPTION_KEY", "openssl", "K-1f2e", "List ", "manual_"};

    @Test
    void every_library_message_becomes_a_fixed_sentence_with_a_reference_and_the_detail_stays_in_the_log() {
        java.util.List<RuntimeException> thrown = java.util.List.of(
                new SourceException("Dumping daai_acme at 127.0.0.1:27017 failed: com.mongodb.MongoSocketOpenException:"
                        + " java.net.ConnectException: Connection refused; daai_backup.restore_journal unreadable"),
                new StorageException("java.nio.file.NoSuchFileException: /srv/backups/acme/db-backups is not writable by user root"),
                new SnapshotNotFoundException("Tenant acme has no snapshot named manual_x.gz.enc in file:/srv/b. List the tenant's snapshots"),
                new KeyMissingException("No key K-1f2e: set BACKUP_ENCRYPTION_KEY (openssl rand -base64 32)"),
                new ArchiveTamperedException("Archive acme/manual_1.gz.enc in s3://bucket/prefix was tampered with"),
                new PermissionDeniedException("Actor u-1 lacks RESTORE on tenant acme"),
                new IllegalStateException("Cannot invoke java.lang.String.length() in /home/app/Foo.java"));
        java.util.Set<String> references = new java.util.HashSet<>();
        for (RuntimeException x : thrown) {
            Errors.Mapped m = Errors.map(x);
            assertThat(m.message()).as(x.getMessage()).doesNotContain(INFRASTRUCTURE).matches(".*\\(reference [0-9a-f]{8}\\)$");
            assertThat(m.json().toString()).doesNotContain(INFRASTRUCTURE);
            references.add(m.reference());
            // The same failure keeps its reference, so a polled job does not log it again and again.
            assertThat(Errors.map(x).reference()).isEqualTo(m.reference());
        }
        assertThat(references).hasSize(thrown.size());
        assertThat(Errors.map(new KeyMissingException("x")).message()).startsWith(Errors.KEY_MISSING);
    }
}
