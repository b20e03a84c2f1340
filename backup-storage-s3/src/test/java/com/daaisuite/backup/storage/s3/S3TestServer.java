package com.daaisuite.backup.storage.s3;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/** An in-process s3proxy 4.1.0 with an in-memory store, and SDK clients for it with the SDK's default checksums. */
final class S3TestServer {

    static final String ACCESS_KEY = "AKIDDAAITESTACCESS01";
    static final String SECRET_KEY = "daai-test-secret-0123456789abcdefSECRET";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final BlobStore store;

    private S3TestServer(S3Proxy proxy, URI endpoint, BlobStore store) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.store = store;
    }

    static S3TestServer start() throws Exception {
        BlobStore store = new HideInFlightTempFiles(new TransientNio2BlobStore());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        // A deadline, not a hope: a server that never starts fails this test with its state, not the build by timeout.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                String state = proxy.getState();
                proxy.stop();
                throw new IllegalStateException("s3proxy did not start within 60 s (state " + state + ")");
            }
            Thread.sleep(5);
        }
        return new S3TestServer(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()), store);
    }

    /**
     * Works around an s3proxy 4.1.0 bug: its nio2 stores write a PutObject to {@code <key>-<UUID>} and
     * rename it when done, and ListObjectsV2 lists that temporary file meanwhile. Real S3 and MinIO never
     * list an object before it is complete, so the test server hides these names (no real backup file
     * name ends in a UUID).
     */
    static final class HideInFlightTempFiles extends ForwardingBlobStore {
        private static final Pattern TEMP = Pattern.compile(
                ".*-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        HideInFlightTempFiles(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public ListObjectsV2Response list(ListObjectsV2Request request) {
            ListObjectsV2Response response = super.list(request);
            List<S3Object> kept = response.contents().stream().filter(o -> !TEMP.matcher(o.key()).matches()).toList();
            if (kept.size() == response.contents().size()) {
                return response;
            }
            return response.toBuilder().contents(kept)
                    .keyCount(kept.size() + response.commonPrefixes().size()).build();
        }
    }

    URI endpoint() {
        return endpoint;
    }

    /** Writes an object straight into the server's store, bypassing HTTP: for fast fixtures. */
    void putDirect(String bucket, String key, byte[] bytes) {
        store.putBlob(PutObjectRequest.builder().bucket(bucket).key(key).contentLength((long) bytes.length).build(),
                new ByteArrayInputStream(bytes));
    }

    int port() {
        return proxy.getPort();
    }

    S3Client client(ExecutionInterceptor... interceptors) {
        return client(endpoint, SECRET_KEY, interceptors);
    }

    /** A client as a host would build it: path style, STANDARD retries, SDK default checksums. */
    static S3Client client(URI endpoint, String secretKey, ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secretKey)))
                .httpClientBuilder(Apache5HttpClient.builder())
                .overrideConfiguration(o -> {
                    o.retryStrategy(RetryMode.STANDARD);
                    for (ExecutionInterceptor i : List.of(interceptors)) {
                        o.addExecutionInterceptor(i);
                    }
                })
                .build();
    }

    static void createBucket(S3Client client, String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    void close() throws Exception {
        proxy.stop();
    }
}
