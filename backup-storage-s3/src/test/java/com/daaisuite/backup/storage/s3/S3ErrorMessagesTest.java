package com.daaisuite.backup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** What an operator reads when the bucket is missing or the credentials are wrong; and that secrets never show. */
class S3ErrorMessagesTest {

    private static S3TestServer server;
    private static S3Client client;
    private static S3StorageBackend missingBucket;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
        client = server.client();
        S3TestServer.createBucket(client, "present");
        missingBucket = S3StorageBackend.builder().bucket("daai-missing-bucket").prefix("prod").client(client).build();
    }

    @AfterAll
    static void stop() throws Exception {
        missingBucket.close();
        client.close();
        server.close();
    }

    private static String fullTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void listingAMissingBucketNamesTheBucketAndWhatToCheck() {
        Throwable thrown = catchThrowable(() -> missingBucket.list("t1"));

        assertThat(thrown).isInstanceOf(StorageException.class)
                .hasMessageContaining("the S3 bucket 'daai-missing-bucket' does not exist")
                .hasMessageContaining("tenant 't1'")
                .hasMessageContaining("region us-east-1, endpoint " + server.endpoint())
                .hasMessageContaining("Check the bucket name, the region and the endpoint");
    }

    @Test
    void uploadingReadingAndDeletingInAMissingBucketNameTheBucket() throws Exception {
        StorageKey key = StorageKey.of("t1", "a.gz.enc");
        StorageUpload upload = missingBucket.openUpload(key);
        upload.write(new byte[] {1, 2, 3});

        Throwable onCommit = catchThrowable(upload::commit);
        Throwable onRead = catchThrowable(() -> missingBucket.openRead(key));
        Throwable onDelete = catchThrowable(() -> missingBucket.delete(List.of(key)));

        for (Throwable t : List.of(onCommit, onRead, onDelete)) {
            assertThat(t).isInstanceOf(StorageException.class)
                    .isNotInstanceOf(SnapshotNotFoundException.class)
                    .hasMessageContaining("'daai-missing-bucket' does not exist");
        }
        assertThat(onCommit).hasMessageContaining("s3://daai-missing-bucket/prod/t1/db-backups/a.gz.enc")
                .hasMessageContaining("nothing was stored");
    }

    @Test
    void aWrongSecretKeyIsReportedAsRejectedCredentialsWithoutEverShowingTheSecret() {
        String wrongSecret = "WRONG-secret-value-that-must-never-be-printed";
        try (S3Client badClient = S3TestServer.client(server.endpoint(), wrongSecret)) {
            S3StorageBackend backend = S3StorageBackend.builder().bucket("present").client(badClient).build();

            Throwable thrown = catchThrowable(() -> backend.list("t1"));

            assertThat(thrown).isInstanceOf(StorageException.class)
                    .hasMessageContaining("S3 rejected the credentials used for bucket 'present'")
                    .hasMessageContaining("SignatureDoesNotMatch")
                    .hasMessageContaining("Check the access key id and secret key");
            assertThat(fullTrace(thrown)).doesNotContain(wrongSecret).doesNotContain(S3TestServer.SECRET_KEY);
            assertThat(thrown.getMessage()).doesNotContain(S3TestServer.ACCESS_KEY);
            assertThat(backend.toString() + backend.describe())
                    .doesNotContain(wrongSecret).doesNotContain(S3TestServer.ACCESS_KEY);
            backend.close();
        }
    }

    @Test
    void anUnreachableEndpointIsReportedWithTheEndpointAndTheAttempts() throws Exception {
        java.net.URI dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = java.net.URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        try (S3Client deadClient = S3TestServer.client(dead, S3TestServer.SECRET_KEY)) {
            S3StorageBackend backend = S3StorageBackend.builder().bucket("present").client(deadClient).build();

            Throwable thrown = catchThrowable(() -> backend.list("t1"));

            assertThat(thrown).isInstanceOf(StorageException.class)
                    .hasMessageContaining("endpoint " + dead)
                    .hasMessageContaining("could not be reached")
                    .hasMessageContaining("3 attempts");
            backend.close();
        }
    }

    @Test
    void describeAndToStringShowOnlyTheBucketAndPrefix() {
        assertThat(missingBucket.describe()).isEqualTo("s3://daai-missing-bucket/prod");
        assertThat(missingBucket.toString())
                .isEqualTo("S3StorageBackend[s3://daai-missing-bucket/prod, partSize=8388608, sse=none]");
    }
}
