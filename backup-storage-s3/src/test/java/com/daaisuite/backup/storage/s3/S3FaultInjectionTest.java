package com.daaisuite.backup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The store failing under an upload, through a fault-injecting HTTP proxy in front of s3proxy: the
 * caller gets a clear error, nothing becomes visible, no multipart upload is left behind, and the SDK's
 * STANDARD retry strategy makes a bounded number of attempts (3).
 */
class S3FaultInjectionTest {

    private static final String BUCKET = "faults";
    private static final int PART = S3StorageBackend.MIN_PART_SIZE;
    private static final int MAX_ATTEMPTS = 3;

    private static S3TestServer server;
    private static FaultInjectingProxy proxy;
    private static S3Client direct;
    private static S3Client throughProxy;
    private static S3StorageBackend backend;
    private static final AtomicInteger NAMES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
        proxy = new FaultInjectingProxy(server.port());
        direct = server.client();
        S3TestServer.createBucket(direct, BUCKET);
        throughProxy = S3TestServer.client(proxy.endpoint(), S3TestServer.SECRET_KEY);
        backend = S3StorageBackend.builder().bucket(BUCKET).prefix("f").client(throughProxy).partSize(PART).build();
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
        throughProxy.close();
        direct.close();
        proxy.close();
        server.close();
    }

    private static StorageKey newKey() {
        return StorageKey.of("t-fault", "archive-" + NAMES.incrementAndGet() + ".gz.enc");
    }

    private static byte[] content(long seed, int size) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** Writes in 1 MiB chunks and commits; returns what was thrown, or null. */
    private static Throwable uploadCatching(StorageKey key, byte[] bytes) {
        return catchThrowable(() -> {
            try (StorageUpload upload = backend.openUpload(key)) {
                for (int off = 0; off < bytes.length; off += 1 << 20) {
                    upload.write(bytes, off, Math.min(1 << 20, bytes.length - off));
                }
                upload.commit();
            }
        });
    }

    private static long attempts(Predicate<FaultInjectingProxy.Request> which) {
        return proxy.requests().stream().filter(which).count();
    }

    private static void assertNothingStored(StorageKey key) throws IOException {
        assertThat(direct.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
        assertThat(catchThrowable(() -> direct.headObject(b -> b.bucket(BUCKET).key("f/" + key.path()))))
                .isInstanceOf(NoSuchKeyException.class);
        assertThat(backend.list(key.tenantId())).noneMatch(o -> o.key().equals(key));
    }

    private static byte[] read(StorageKey key) throws IOException {
        try (InputStream in = backend.openRead(key)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aPartThatKeepsGetting503SlowDownFailsTheUploadAfterThreeAttemptsAndAbortsIt() throws IOException {
        StorageKey key = newKey();
        proxy.rule(r -> r.isUploadPart(2) ? FaultInjectingProxy.Action.RESPOND_503_SLOW_DOWN
                : FaultInjectingProxy.Action.PASS);

        Throwable thrown = uploadCatching(key, content(1, 3 * PART));

        assertThat(thrown).isInstanceOf(StorageException.class)
                .hasMessageContaining("Could not upload part 2 of s3://faults/f/" + key.path())
                .hasMessageContaining("HTTP 503 SlowDown")
                .hasMessageContaining(MAX_ATTEMPTS + " attempts")
                .hasMessageContaining("multipart upload aborted")
                .hasMessageContaining("nothing was stored");
        assertThat(attempts(r -> r.isUploadPart(2))).isEqualTo(MAX_ATTEMPTS);
        assertThat(attempts(r -> r.method().equals("DELETE") && r.target().contains("uploadId="))).isEqualTo(1);
        proxy.rule(r -> FaultInjectingProxy.Action.PASS);
        assertNothingStored(key);
    }

    @Test
    void aConnectionResetInTheMiddleOfAPartFailsTheUploadAfterThreeAttemptsAndAbortsIt() throws IOException {
        StorageKey key = newKey();
        proxy.rule(r -> r.isUploadPart(2) ? FaultInjectingProxy.Action.RESET_MID_BODY : FaultInjectingProxy.Action.PASS);

        Throwable thrown = uploadCatching(key, content(2, 2 * PART + 123));

        assertThat(thrown).isInstanceOf(StorageException.class)
                .hasMessageContaining("Could not upload part 2 of s3://faults/f/" + key.path())
                .hasMessageContaining("the connection failed")
                .hasMessageContaining(MAX_ATTEMPTS + " attempts")
                .hasMessageContaining("nothing was stored");
        assertThat(attempts(r -> r.isUploadPart(2))).isEqualTo(MAX_ATTEMPTS);
        proxy.rule(r -> FaultInjectingProxy.Action.PASS);
        assertNothingStored(key);
    }

    @Test
    void aCompleteMultipartUploadThatKeepsGetting500FailsAfterThreeAttemptsAndAbortsTheUpload() throws IOException {
        StorageKey key = newKey();
        proxy.rule(r -> r.isCompleteMultipartUpload() ? FaultInjectingProxy.Action.RESPOND_500
                : FaultInjectingProxy.Action.PASS);

        Throwable thrown = uploadCatching(key, content(3, PART + 1));

        assertThat(thrown).isInstanceOf(StorageException.class)
                .hasMessageContaining("Could not complete the multipart upload of s3://faults/f/" + key.path())
                .hasMessageContaining("HTTP 500 InternalError")
                .hasMessageContaining("nothing was stored");
        assertThat(attempts(FaultInjectingProxy.Request::isCompleteMultipartUpload)).isEqualTo(MAX_ATTEMPTS);
        proxy.rule(r -> FaultInjectingProxy.Action.PASS);
        assertNothingStored(key);
    }

    @Test
    void aSmallUploadWhosePutKeepsGetting500FailsAfterThreeAttemptsAndStoresNothing() throws IOException {
        StorageKey key = newKey();
        proxy.rule(r -> r.isPutObject() ? FaultInjectingProxy.Action.RESPOND_500 : FaultInjectingProxy.Action.PASS);

        Throwable thrown = uploadCatching(key, content(4, 1000));

        assertThat(thrown).isInstanceOf(StorageException.class)
                .hasMessageContaining("Could not upload s3://faults/f/" + key.path())
                .hasMessageContaining("HTTP 500 InternalError")
                .hasMessageContaining("nothing was stored");
        assertThat(attempts(FaultInjectingProxy.Request::isPutObject)).isEqualTo(MAX_ATTEMPTS);
        proxy.rule(r -> FaultInjectingProxy.Action.PASS);
        assertNothingStored(key);
    }

    @Test
    void oneTransient503OnAPartIsRetriedAndTheUploadSucceeds() throws IOException {
        StorageKey key = newKey();
        AtomicBoolean failedOnce = new AtomicBoolean();
        proxy.rule(r -> r.isUploadPart(2) && failedOnce.compareAndSet(false, true)
                ? FaultInjectingProxy.Action.RESPOND_503_SLOW_DOWN : FaultInjectingProxy.Action.PASS);
        byte[] bytes = content(5, 2 * PART + 7);

        Throwable thrown = uploadCatching(key, bytes);

        assertThat(thrown).isNull();
        assertThat(attempts(r -> r.isUploadPart(2))).isEqualTo(2);
        assertThat(read(key)).isEqualTo(bytes);
        assertThat(direct.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void aLostResponseToCompleteMultipartUploadStillCommitsOurObject() throws IOException {
        StorageKey key = newKey();
        AtomicBoolean lostOnce = new AtomicBoolean();
        proxy.rule(r -> r.isCompleteMultipartUpload() && lostOnce.compareAndSet(false, true)
                ? FaultInjectingProxy.Action.LOSE_RESPONSE : FaultInjectingProxy.Action.PASS);
        byte[] bytes = content(6, 2 * PART + 9);

        Throwable thrown = uploadCatching(key, bytes);

        assertThat(thrown).isNull();
        assertThat(attempts(FaultInjectingProxy.Request::isCompleteMultipartUpload)).isEqualTo(2);
        assertThat(read(key)).isEqualTo(bytes);
        assertThat(direct.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void aLostResponseToASinglePutStillCommitsOurObject() throws IOException {
        StorageKey key = newKey();
        AtomicBoolean lostOnce = new AtomicBoolean();
        proxy.rule(r -> r.isPutObject() && lostOnce.compareAndSet(false, true)
                ? FaultInjectingProxy.Action.LOSE_RESPONSE : FaultInjectingProxy.Action.PASS);
        byte[] bytes = content(7, 4321);

        Throwable thrown = uploadCatching(key, bytes);

        assertThat(thrown).isNull();
        assertThat(attempts(FaultInjectingProxy.Request::isPutObject)).isEqualTo(2);
        assertThat(read(key)).isEqualTo(bytes);
    }

    @Test
    void accessDeniedIsNotRetriedAndNamesTheBucketAndThePermissionsToCheck() throws IOException {
        StorageKey key = newKey();
        proxy.rule(r -> r.isPutObject() || r.method().equals("GET") ? FaultInjectingProxy.Action.RESPOND_403_ACCESS_DENIED
                : FaultInjectingProxy.Action.PASS);

        Throwable onUpload = uploadCatching(key, content(8, 100));
        Throwable onList = catchThrowable(() -> backend.list("t-fault"));

        for (Throwable t : new Throwable[] {onUpload, onList}) {
            assertThat(t).isInstanceOf(StorageException.class)
                    .hasMessageContaining("access to S3 bucket 'faults' was denied")
                    .hasMessageContaining("HTTP 403 AccessDenied")
                    .hasMessageContaining("s3:PutObject, s3:GetObject, s3:ListBucket");
        }
        assertThat(onUpload).hasMessageContaining("s3://faults/f/" + key.path());
        assertThat(onList).hasMessageContaining("tenant 't-fault'");
        assertThat(attempts(FaultInjectingProxy.Request::isPutObject)).isEqualTo(1);
        proxy.rule(r -> FaultInjectingProxy.Action.PASS);
        assertNothingStored(key);
    }
}
