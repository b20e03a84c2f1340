package com.daaisuite.backup.storage.s3;

import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.testing.storage.StorageBackendContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The storage contract against an in-process s3proxy 4.1.0, with the SDK's default checksums and
 * the minimum part size so that the 20 MiB contract upload takes the multipart path (5 parts).
 */
class S3StorageBackendTest extends StorageBackendContract {

    private static S3TestServer server;
    private static S3Client client;
    private static S3StorageBackend backend;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start();
        client = server.client();
        S3TestServer.createBucket(client, "contract");
        backend = S3StorageBackend.builder()
                .bucket("contract")
                .prefix("daai/test")
                .client(client)
                .partSize(S3StorageBackend.MIN_PART_SIZE)
                .build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        backend.close();
        client.close();
        server.close();
    }

    @Override
    protected StorageBackend backend() {
        return backend;
    }
}
