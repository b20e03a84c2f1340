package com.daaisuite.backup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.testing.storage.StorageBackendContract;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The storage contract against a real MinIO server in Docker, which (unlike s3proxy) also stores the
 * uploaded checksums. Skipped where Docker is absent.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class MinioStorageBackendTest extends StorageBackendContract {

    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2025-09-07T16-13-09Z");

    private static S3Client client;
    private static S3StorageBackend backend;

    @BeforeAll
    static void connect() {
        client = S3Client.builder()
                .endpointOverride(URI.create(MINIO.getS3URL()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MINIO.getUserName(), MINIO.getPassword())))
                .httpClientBuilder(Apache5HttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
        client.createBucket(b -> b.bucket("contract"));
        backend = S3StorageBackend.builder().bucket("contract").prefix("minio").client(client)
                .partSize(S3StorageBackend.MIN_PART_SIZE).build();
    }

    @AfterAll
    static void disconnect() {
        if (backend != null) {
            backend.close();
            client.close();
        }
    }

    @Override
    protected StorageBackend backend() {
        return backend;
    }

    @Test
    void anAbortedMultipartUploadLeavesNoMultipartUploadInMinio() throws IOException {
        StorageUpload upload = backend.openUpload(StorageKey.of(newTenant(), "aborted.bin"));
        upload.write(content(1, 2 * S3StorageBackend.MIN_PART_SIZE + 1));

        upload.abort();

        assertThat(client.listMultipartUploads(b -> b.bucket("contract")).uploads()).isEmpty();
    }
}
