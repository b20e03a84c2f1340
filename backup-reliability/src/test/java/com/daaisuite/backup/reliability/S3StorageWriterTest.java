package com.daaisuite.backup.reliability;

import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.storage.s3.S3StorageBackend;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/** The storage-writer suite on S3 (an in-process s3proxy), a fresh bucket per test. */
class S3StorageWriterTest extends StorageWriterSuite {
    static InProcessS3 s3;
    static S3Client client;
    static final AtomicInteger buckets = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        s3 = InProcessS3.start();
        client = s3.client();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        s3.close();
    }

    @Override
    StorageBackend newStorage() {
        String bucket = "storage-writer-" + buckets.incrementAndGet();
        client.createBucket(b -> b.bucket(bucket));
        return S3StorageBackend.builder().bucket(bucket).client(client).build();
    }
}
