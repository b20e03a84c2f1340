package com.daaisuite.backup.reliability;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** An in-process s3proxy 4.1.0 (transient store) with SDK clients using the SDK's default checksums. */
final class InProcessS3 implements AutoCloseable {
    static final String ACCESS_KEY = "AKIDDAAIRELIABILITY1";
    static final String SECRET_KEY = "rel-Secret/Access+Key-9f8e7d6c5b4a39281706";

    private final S3Proxy proxy;
    private final URI endpoint;

    private InProcessS3(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    static InProcessS3 start() throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new HideInFlightTempFiles(new TransientNio2BlobStore()))
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
        return new InProcessS3(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    URI endpoint() {
        return endpoint;
    }

    S3Client client() {
        return client(endpoint, SECRET_KEY);
    }

    /** A client as a host builds it: path style, the SDK's default HTTP client, STANDARD retries (bounded), default checksums. */
    static S3Client client(URI endpoint, String secret, software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secret)))
                .overrideConfiguration(o -> {
                    o.retryStrategy(RetryMode.STANDARD);
                    for (var i : interceptors) {
                        o.addExecutionInterceptor(i);
                    }
                })
                .build();
    }

    /**
     * s3proxy 4.1.0's nio2 stores write a PutObject to {@code <key>-<UUID>} and rename it when done,
     * and list that temporary name meanwhile (and forever, if the writer died). Real S3 never lists
     * an incomplete object, so the server hides these names; no backup file name ends in a UUID.
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
            return response.toBuilder().contents(kept).keyCount(kept.size() + response.commonPrefixes().size()).build();
        }
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
