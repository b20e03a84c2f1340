package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.storage.s3.S3StorageBackend;
import com.daaisuite.backup.testing.source.InMemoryDatabaseSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Promise 3 on S3, for a whole backup and restore: S3 answering 503 (SlowDown) or 500 to the
 * archive's parts, to a single PUT, or to the download makes the operation fail after the SDK's
 * bounded retries (STANDARD: 3 attempts), or a single PUT whose connection is reset, with a StorageException
 * naming the tenant; nothing is
 * listed, no multipart upload is left open, the live database is unchanged. The faults are injected
 * by replacing s3proxy's answer in an SDK interceptor (the request did reach the server, as with a
 * real throttled or failing S3). Connection resets mid-part are covered by backup-storage-s3's
 * S3FaultInjectionTest, through a TCP proxy.
 */
class S3FaultsTest {
    static final String BUCKET = "s3-faults";
    static final Tenant T = Fixtures.tenant("s3-faults");

    static InProcessS3 s3;
    static S3Client plain;
    static final Fault fault = new Fault();
    static S3Client faulty;

    InMemoryDatabaseSource source;
    Backups backups;

    /** Replaces the HTTP status of matching requests' responses while armed; counts the attempts it spoiled. */
    static final class Fault implements ExecutionInterceptor {
        volatile Predicate<SdkRequest> matches = r -> false;
        volatile int status;
        volatile boolean resetBeforeSending;
        final AtomicInteger spoiled = new AtomicInteger();

        void arm(Predicate<SdkRequest> which, int statusCode) {
            spoiled.set(0);
            status = statusCode;
            resetBeforeSending = false;
            matches = which;
        }

        /** The connection is reset before the request reaches S3 (nothing is stored). */
        void armReset(Predicate<SdkRequest> which) {
            spoiled.set(0);
            resetBeforeSending = true;
            matches = which;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (resetBeforeSending && matches.test(context.request())) {
                spoiled.incrementAndGet();
                throw software.amazon.awssdk.core.exception.SdkClientException.create("Injected: connection reset",
                        new java.net.SocketException("Connection reset"));
            }
        }

        void disarm() {
            matches = r -> false;
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!resetBeforeSending && matches.test(context.request())) {
                spoiled.incrementAndGet();
                return context.httpResponse().toBuilder().statusCode(status)
                        .statusText(status == 503 ? "Slow Down" : "Internal Server Error").build();
            }
            return context.httpResponse();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        s3 = InProcessS3.start();
        plain = s3.client();
        plain.createBucket(b -> b.bucket(BUCKET));
        faulty = InProcessS3.client(s3.endpoint(), InProcessS3.SECRET_KEY, fault);
    }

    @AfterAll
    static void stop() throws Exception {
        faulty.close();
        plain.close();
        s3.close();
    }

    @BeforeEach
    void setUp() {
        fault.disarm();
        source = new InMemoryDatabaseSource();
        Random r = new Random(3);
        List<byte[]> docs = new ArrayList<>();
        for (int i = 0; i < 1536; i++) {
            docs.add(Fixtures.randomDocument(r, 8192)); // 12 MiB: a multipart upload of 5 MiB parts
        }
        source.putDatabase(T.databaseName(), Map.of("records", docs));
        source.insert(Fixtures.tenant("small").databaseName(), "records", "tiny".getBytes());
        S3StorageBackend storage = S3StorageBackend.builder().bucket(BUCKET).client(faulty)
                .partSize(S3StorageBackend.MIN_PART_SIZE).build();
        backups = Backups.builder().source(source).storage(storage).keys(KeyProviders.of(Fixtures.KEY_A))
                .tenants(TenantDirectory.of(List.of(T, Fixtures.tenant("small")))).access(Fixtures.ACCESS).nodeName("s3-faults").build();
    }

    private void assertNothingListedAndNoUploadOpen(String tenant) {
        fault.disarm();
        assertThat(backups.catalog().list(Fixtures.ADMIN, tenant)).isEmpty();
        assertThat(plain.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).as("multipart uploads left open").isEmpty();
    }

    @Test
    void aPartAnswered503SlowDownFailsTheBackupAfterBoundedRetriesAndLeavesNothing() {
        fault.arm(r -> r instanceof UploadPartRequest, 503);

        assertThatThrownBy(() -> backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL))
                .isInstanceOf(StorageException.class).hasMessageContaining(T.id());

        assertThat(fault.spoiled.get()).as("attempts of the failing part: bounded").isBetween(1, 6);
        System.out.println("[s3 faults] part answered 503 SlowDown: " + fault.spoiled.get() + " attempts, then StorageException");
        assertNothingListedAndNoUploadOpen(T.id());
        assertThat(backups.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL).snapshot()).isNotNull();
        backups.catalog().list(Fixtures.ADMIN, T.id()).forEach(s -> assertThat(backups.catalog().verify(Fixtures.ADMIN, T.id(), s.fileName()).ok()).isTrue());
    }

    @Test
    void aSinglePutWhoseConnectionIsResetFailsTheBackupAfterBoundedRetriesAndStoresNothing() {
        fault.armReset(r -> r instanceof PutObjectRequest p && p.key().endsWith(".gz.enc"));

        assertThatThrownBy(() -> backups.backup(Fixtures.ADMIN, "small", BackupTrigger.MANUAL))
                .isInstanceOf(StorageException.class).hasMessageContaining("small");

        assertThat(fault.spoiled.get()).isBetween(1, 6);
        System.out.println("[s3 faults] PUT connection reset: " + fault.spoiled.get() + " attempts, then StorageException");
        assertNothingListedAndNoUploadOpen("small");
    }

    @Test
    void aDownloadAnswered500FailsTheRestoreWithTheLiveDatabaseUnchanged() {
        Snapshot s = backups.backup(Fixtures.ADMIN, "small", BackupTrigger.MANUAL).snapshot();
        source.insert(Fixtures.tenant("small").databaseName(), "records", "written later".getBytes());
        Map<String, List<byte[]>> before = source.database(Fixtures.tenant("small").databaseName());
        fault.arm(r -> r instanceof GetObjectRequest g && g.key().endsWith(s.fileName()), 500);

        assertThatThrownBy(() -> backups.restores().restore(Fixtures.ADMIN,
                new RestoreRequest("small", s.fileName(), Fixtures.tenant("small").workspaceName())))
                .isInstanceOf(StorageException.class).hasMessageContaining("small");

        assertThat(fault.spoiled.get()).isBetween(1, 6);
        System.out.println("[s3 faults] download answered 500: " + fault.spoiled.get() + " attempts, then StorageException");
        assertThat(StorageFaultsTest.sameContent(source.database(Fixtures.tenant("small").databaseName()), before)).isTrue();
        assertThat(source.restoreCount()).isZero();
    }
}
