package com.daaisuite.backup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The server-side encryption headers on PutObject and CreateMultipartUpload, and only there. */
class S3ServerSideEncryptionTest {

    private static final String BUCKET = "sse";
    private static final int PART = S3StorageBackend.MIN_PART_SIZE;

    private static S3TestServer server;
    private static RecordingInterceptor recorder;
    private static S3Client client;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
        recorder = new RecordingInterceptor();
        client = server.client(recorder);
        S3TestServer.createBucket(client, BUCKET);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
    }

    @BeforeEach
    void clearRecorder() {
        recorder.clear();
    }

    private static S3StorageBackend backend(S3ServerSideEncryption sse) {
        return S3StorageBackend.builder().bucket(BUCKET).client(client).partSize(PART).serverSideEncryption(sse).build();
    }

    private static byte[] content(int size) {
        byte[] b = new byte[size];
        new SplittableRandom(size).nextBytes(b);
        return b;
    }

    private static void upload(S3StorageBackend backend, StorageKey key, byte[] bytes) throws IOException {
        try (StorageUpload upload = backend.openUpload(key)) {
            upload.write(bytes);
            upload.commit();
        }
    }

    @Test
    void sseS3IsRequestedOnSinglePutsAndMultipartUploadsAndS3ProxyStoresThemEncrypted() throws IOException {
        S3StorageBackend backend = backend(S3ServerSideEncryption.s3Managed());
        StorageKey small = StorageKey.of("t-sse", "small.bin");
        StorageKey large = StorageKey.of("t-sse", "large.bin");
        byte[] smallBytes = content(10_000);
        byte[] largeBytes = content(PART + 10);

        upload(backend, small, smallBytes);
        upload(backend, large, largeBytes);

        assertThat(recorder.attempts("PutObject")).singleElement()
                .satisfies(a -> assertThat(a.header("x-amz-server-side-encryption")).isEqualTo("AES256"));
        assertThat(recorder.attempts("CreateMultipartUpload")).singleElement()
                .satisfies(a -> assertThat(a.header("x-amz-server-side-encryption")).isEqualTo("AES256"));
        assertThat(recorder.attempts("UploadPart"))
                .allSatisfy(a -> assertThat(a.header("x-amz-server-side-encryption")).isNull());
        assertThat(client.headObject(b -> b.bucket(BUCKET).key(small.path())).serverSideEncryption())
                .isEqualTo(ServerSideEncryption.AES256);
        try (InputStream in = backend.openRead(large)) {
            assertThat(in.readAllBytes()).isEqualTo(largeBytes);
        }
        backend.close();
    }

    @Test
    void sseKmsSendsTheAlgorithmAndTheKeyIdOnBothWritePaths() {
        String keyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        S3StorageBackend backend = backend(S3ServerSideEncryption.kms(keyArn));

        // s3proxy has no KMS, so it may refuse these writes: the requests themselves are what is checked.
        catchThrowable(() -> upload(backend, StorageKey.of("t-kms", "small.bin"), content(100)));
        catchThrowable(() -> upload(backend, StorageKey.of("t-kms", "large.bin"), content(PART + 1)));

        assertThat(recorder.attempts("PutObject")).isNotEmpty().allSatisfy(a -> {
            assertThat(a.header("x-amz-server-side-encryption")).isEqualTo("aws:kms");
            assertThat(a.header("x-amz-server-side-encryption-aws-kms-key-id")).isEqualTo(keyArn);
        });
        assertThat(recorder.attempts("CreateMultipartUpload")).isNotEmpty().allSatisfy(a -> {
            assertThat(a.header("x-amz-server-side-encryption")).isEqualTo("aws:kms");
            assertThat(a.header("x-amz-server-side-encryption-aws-kms-key-id")).isEqualTo(keyArn);
        });
        assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
        backend.close();
    }

    @Test
    void withoutServerSideEncryptionNoHeaderIsSent() throws IOException {
        S3StorageBackend backend = backend(S3ServerSideEncryption.none());

        upload(backend, StorageKey.of("t-none", "x.bin"), content(10));

        assertThat(recorder.attempts("PutObject")).singleElement()
                .satisfies(a -> assertThat(a.header("x-amz-server-side-encryption")).isNull());
        backend.close();
    }

    @Test
    void aBlankOrMalformedKmsKeyIdIsRefused() {
        assertThatThrownBy(() -> S3ServerSideEncryption.kms(" ")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("KMS key id is empty");
        assertThatThrownBy(() -> S3ServerSideEncryption.kms("alias/with space"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("index 10");
        assertThat(S3ServerSideEncryption.kms("alias/x")).isEqualTo(S3ServerSideEncryption.kms("alias/x"));
        assertThat(S3ServerSideEncryption.kms("alias/x").toString()).isEqualTo("SSE-KMS(alias/x)");
    }
}
