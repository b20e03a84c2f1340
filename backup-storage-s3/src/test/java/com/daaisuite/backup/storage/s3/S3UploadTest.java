package com.daaisuite.backup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.ObjectExistsException;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The S3-specific upload paths: single PUT, multipart, bounded buffering, abort, and create-only races. */
class S3UploadTest {

    private static final String BUCKET = "uploads";
    private static final int PART = S3StorageBackend.MIN_PART_SIZE;

    private static S3TestServer server;
    private static RecordingInterceptor recorder;
    private static S3Client client;
    private static S3StorageBackend backend;
    private static final AtomicInteger TENANTS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
        recorder = new RecordingInterceptor();
        client = server.client(recorder);
        S3TestServer.createBucket(client, BUCKET);
        backend = S3StorageBackend.builder().bucket(BUCKET).prefix("p").client(client).partSize(PART).build();
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
        client.close();
        server.close();
    }

    @BeforeEach
    void clearRecorder() {
        recorder.clear();
    }

    private static String tenant() {
        return "up-" + TENANTS.incrementAndGet();
    }

    private static byte[] content(long seed, int size) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(StorageKey key) throws IOException {
        try (InputStream in = backend.openRead(key)) {
            return in.readAllBytes();
        }
    }

    private static void assertNoMultipartUploadsLeft() {
        assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void anObjectSmallerThanOnePartIsSentWithOnePutObjectCarryingIfNoneMatchAndACrc32() throws IOException {
        StorageKey key = StorageKey.of(tenant(), "small.gz.enc");
        byte[] bytes = content(1, PART - 1);

        try (StorageUpload upload = backend.openUpload(key)) {
            upload.write(bytes);
            upload.commit();
        }

        assertThat(recorder.count("PutObject")).isEqualTo(1);
        assertThat(recorder.count("CreateMultipartUpload")).isZero();
        RecordingInterceptor.Attempt put = recorder.attempts("PutObject").get(0);
        assertThat(put.header("If-None-Match")).isEqualTo("*");
        assertThat(put.header("x-amz-sdk-checksum-algorithm")).isEqualTo("CRC32");
        assertThat(read(key)).isEqualTo(bytes);
    }

    @Test
    void anUploadOfThreePartsUsesMultipartAndIsStoredWithThreeParts() throws IOException {
        StorageKey key = StorageKey.of(tenant(), "three-parts.gz.enc");
        byte[] bytes = content(2, 3 * PART);

        StorageObject committed;
        try (StorageUpload upload = backend.openUpload(key)) {
            // Odd write sizes, so part boundaries fall in the middle of writes.
            for (int off = 0; off < bytes.length; off += 777_777) {
                upload.write(bytes, off, Math.min(777_777, bytes.length - off));
            }
            committed = upload.commit();
        }

        assertThat(committed.size()).isEqualTo(3L * PART);
        assertThat(recorder.count("CreateMultipartUpload")).isEqualTo(1);
        assertThat(recorder.count("UploadPart")).isEqualTo(3);
        assertThat(recorder.count("PutObject")).isZero();
        assertThat(recorder.attempts("CompleteMultipartUpload")).singleElement()
                .satisfies(a -> assertThat(a.header("If-None-Match")).isEqualTo("*"));
        assertThat(recorder.attempts("UploadPart"))
                .allSatisfy(a -> assertThat(a.header("x-amz-sdk-checksum-algorithm")).isEqualTo("CRC32"));
        HeadObjectResponse head = client.headObject(b -> b.bucket(BUCKET).key("p/" + key.path()));
        assertThat(head.eTag()).endsWith("-3\"");
        assertThat(head.contentLength()).isEqualTo(3L * PART);
        assertThat(read(key)).isEqualTo(bytes);
        assertNoMultipartUploadsLeft();
    }

    @Test
    void anObjectOfExactlyOnePartIsStillASinglePut() throws IOException {
        StorageKey key = StorageKey.of(tenant(), "one-part.bin");
        byte[] bytes = content(3, PART);

        try (StorageUpload upload = backend.openUpload(key)) {
            upload.write(bytes);
            upload.commit();
        }

        assertThat(recorder.count("PutObject")).isEqualTo(1);
        assertThat(recorder.count("CreateMultipartUpload")).isZero();
        assertThat(read(key)).isEqualTo(bytes);
    }

    @Test
    void atMostOnePartIsUploadingWhileTheNextIsFilled() throws IOException {
        StorageKey key = StorageKey.of(tenant(), "bounded.bin");
        byte[] chunk = content(4, 1 << 20);

        try (StorageUpload upload = backend.openUpload(key)) {
            for (int i = 0; i < 6 * 5 + 3; i++) {
                upload.write(chunk);
            }
            upload.commit();
        }

        assertThat(recorder.count("UploadPart")).isEqualTo(7);
        assertThat(recorder.maxConcurrentUploadParts()).isEqualTo(1);
    }

    @Test
    void abortingAMultipartUploadLeavesNoObjectAndNoMultipartUpload() throws IOException {
        StorageKey key = StorageKey.of(tenant(), "aborted.bin");
        StorageUpload upload = backend.openUpload(key);
        upload.write(content(5, 2 * PART + 100));

        upload.abort();

        assertThat(recorder.count("AbortMultipartUpload")).isEqualTo(1);
        assertNoMultipartUploadsLeft();
        assertThat(backend.list(key.tenantId())).isEmpty();
        assertThatThrownBy(() -> client.headObject(b -> b.bucket(BUCKET).key("p/" + key.path())))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void closingAMultipartUploadWithoutCommitAbortsIt() throws IOException {
        StorageKey key = StorageKey.of(tenant(), "closed.bin");
        try (StorageUpload upload = backend.openUpload(key)) {
            upload.write(content(6, PART + 1));
        }

        assertNoMultipartUploadsLeft();
        assertThatThrownBy(() -> backend.openRead(key)).isInstanceOf(SnapshotNotFoundException.class);
    }

    @Test
    void aMultipartCommitOnATakenNameThrowsObjectExistsAbortsTheUploadAndKeepsTheOriginal() throws IOException {
        StorageKey key = StorageKey.of(tenant(), "taken.gz.enc");
        byte[] original = content(7, 1000);
        try (StorageUpload upload = backend.openUpload(key)) {
            upload.write(original);
            upload.commit();
        }

        StorageUpload second = backend.openUpload(key);
        second.write(content(8, 2 * PART + 5));
        assertThatThrownBy(second::commit)
                .isInstanceOf(ObjectExistsException.class)
                .hasMessageContaining("s3://uploads/p/" + key.path())
                .hasMessageContaining("already exists");
        second.close();

        assertNoMultipartUploadsLeft();
        assertThat(read(key)).isEqualTo(original);
    }

    @Test
    void ofManyConcurrentMultipartUploadsOfOneKeyExactlyOneWinsAndNoPartsAreLeft() throws Exception {
        StorageKey key = StorageKey.of(tenant(), "race.gz.enc");
        int writers = 3;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch ready = new CountDownLatch(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<byte[]>> results = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                byte[] mine = content(100 + w, PART + 1000 * (w + 1));
                results.add(pool.submit(() -> {
                    try (StorageUpload upload = backend.openUpload(key)) {
                        upload.write(mine);
                        ready.countDown();
                        go.await(30, TimeUnit.SECONDS);
                        upload.commit();
                        return mine;
                    } catch (ObjectExistsException lost) {
                        return null;
                    }
                }));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            List<byte[]> winners = new ArrayList<>();
            for (Future<byte[]> f : results) {
                byte[] won = f.get(60, TimeUnit.SECONDS);
                if (won != null) {
                    winners.add(won);
                }
            }

            assertThat(winners).hasSize(1);
            assertThat(read(key)).isEqualTo(winners.get(0));
            assertNoMultipartUploadsLeft();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writingAfterAFailedUploadRepeatsTheFailure() throws IOException {
        S3StorageBackend missing = S3StorageBackend.builder().bucket("no-such-bucket-here").client(client)
                .partSize(PART).build();
        StorageUpload upload = missing.openUpload(StorageKey.of(tenant(), "f.bin"));
        byte[] part = content(9, PART);
        upload.write(part);

        assertThatThrownBy(() -> upload.write(1)).isInstanceOf(StorageException.class)
                .hasMessageContaining("'no-such-bucket-here' does not exist");
        assertThatThrownBy(() -> upload.write(1)).isInstanceOf(StorageException.class)
                .hasMessageContaining("already failed");
        assertThatThrownBy(upload::commit).isInstanceOf(StorageException.class)
                .hasMessageContaining("already failed");
        upload.close();
        missing.close();
    }

    @Test
    void closingTheBackendNeverClosesTheHostsClient() {
        S3StorageBackend other = S3StorageBackend.builder().bucket(BUCKET).client(client).build();

        other.close();

        assertThat(client.listObjectsV2(b -> b.bucket(BUCKET).maxKeys(1)).sdkHttpResponse().isSuccessful()).isTrue();
    }

    @Test
    void anUploadStillOpenWhenItsBackendIsClosedFailsAtItsNextPartAndLeavesNothing() throws IOException {
        S3StorageBackend closing = S3StorageBackend.builder().bucket(BUCKET).prefix("p").client(client).partSize(PART)
                .build();
        StorageKey key = StorageKey.of(tenant(), "orphan.bin");
        StorageUpload upload = closing.openUpload(key);
        upload.write(content(10, PART + 1));

        closing.close();

        assertThatThrownBy(() -> upload.write(content(11, PART))).isInstanceOf(StorageException.class)
                .hasMessageContaining("the storage backend was closed during the upload")
                .hasMessageContaining("nothing was stored");
        assertNoMultipartUploadsLeft();
        assertThatThrownBy(() -> backend.openRead(key)).isInstanceOf(SnapshotNotFoundException.class);
    }
}
