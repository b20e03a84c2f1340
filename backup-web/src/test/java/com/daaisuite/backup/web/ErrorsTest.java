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

    @Test
    void paths_and_uris_are_removed_from_library_messages_shown_to_people() {
        String m = Errors.scrub("Archive acme/manual_1.gz.enc in s3://bucket/prefix or /var/lib/daai/acme/x.gz or C:\\backups\\x"
                + " was tampered with.\nRestore another one.");
        assertThat(m).doesNotContain("s3://", "bucket", "/var/lib", "C:\\").contains("tampered with. Restore another one.");
        assertThat(Errors.scrub(null)).isEqualTo("No details were given.");
    }
}
