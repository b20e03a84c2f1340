package com.daaisuite.backup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** Multipart uploads left behind by a crashed writer are found and aborted; young ones are left alone. */
class S3StaleUploadTest {
    private static final String BUCKET = "stale-uploads";

    private static S3TestServer server;
    private static S3Client client;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
        client = server.client();
        S3TestServer.createBucket(client, BUCKET);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
    }

    /** What a SIGKILLed writer leaves: a started multipart upload that nobody completes or aborts. */
    private static String orphan(String tenant, String file) {
        return client.createMultipartUpload(b -> b.bucket(BUCKET).key("p/" + tenant + "/db-backups/" + file)).uploadId();
    }

    private static List<MultipartUpload> uploadsOf(String tenant) {
        return client.listMultipartUploads(b -> b.bucket(BUCKET).prefix("p/" + tenant + "/")).uploads();
    }

    private static S3StorageBackend backendAt(Instant now, Duration staleAge) {
        return S3StorageBackend.builder().bucket(BUCKET).prefix("p").client(client).staleUploadAge(staleAge)
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }

    @Test
    void uploadsOlderThanTheStaleAgeAreAbortedAndYoungerOnesAreKept() throws Exception {
        orphan("t-old", "manual_20260101T000000Z.gz.enc");
        orphan("t-old", "manual_20260102T000000Z.gz.enc");

        try (S3StorageBackend young = backendAt(Instant.now(), Duration.ofHours(1))) {
            assertThat(young.removeStaleUploads("t-old")).isZero();
        }
        assertThat(uploadsOf("t-old")).hasSize(2);

        try (S3StorageBackend later = backendAt(Instant.now().plus(Duration.ofHours(2)), Duration.ofHours(1))) {
            assertThat(later.removeStaleUploads("t-old")).isEqualTo(2);
        }
        assertThat(uploadsOf("t-old")).isEmpty();
    }

    @Test
    void onlyTheTenantsOwnFolderIsSwept() throws Exception {
        orphan("t-a", "manual_20260101T000000Z.gz.enc");
        orphan("t-b", "manual_20260101T000000Z.gz.enc");

        try (S3StorageBackend later = backendAt(Instant.now().plus(Duration.ofDays(2)), Duration.ofHours(24))) {
            assertThat(later.removeStaleUploads("t-a")).isEqualTo(1);
        }
        assertThat(uploadsOf("t-a")).isEmpty();
        assertThat(uploadsOf("t-b")).hasSize(1);
    }

    @Test
    void openingAnUploadSweepsTheTenantsStaleLeftoversOnce() throws Exception {
        orphan("t-open", "manual_20260101T000000Z.gz.enc");

        try (S3StorageBackend later = backendAt(Instant.now().plus(Duration.ofDays(2)), Duration.ofHours(24))) {
            try (StorageUpload up = later.openUpload(StorageKey.of("t-open", "manual_20260105T000000Z.gz.enc"))) {
                up.write(new byte[] {1, 2, 3});
                up.commit();
            }
        }
        assertThat(uploadsOf("t-open")).isEmpty();
    }
}
