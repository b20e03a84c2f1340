package com.daaisuite.backup.storage.s3;

import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams a generated object of the given size through {@link S3StorageBackend} and reads it back,
 * twice (a cold JVM, then a warm one), printing throughput and the heap limit; then, for
 * comparison, sends the same number of bytes with a plain sequential SDK multipart upload.
 * Run in a child JVM with a small {@code -Xmx} by {@link LargeUploadUnderSmallHeapTest}, or by hand:
 * {@code java -Xmx64m -cp <test classpath> com.daaisuite.backup.storage.s3.LargeUploadMain <endpoint> <bucket> <bytes>}
 * (the endpoint must accept {@link S3TestServer}'s test credentials). Exits 1 if a read-back differs.
 */
public final class LargeUploadMain {

    private LargeUploadMain() {}

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String bucket = args[1];
        long size = Long.parseLong(args[2]);
        boolean ok = true;
        try (S3Client client = S3TestServer.client(endpoint, S3TestServer.SECRET_KEY);
                S3StorageBackend backend = S3StorageBackend.builder().bucket(bucket).client(client).build()) {
            for (String round : new String[] {"COLD", "WARM"}) {
                ok &= roundTrip(backend, size, round);
            }
            baselineMultipart(client, bucket, size);
        }
        System.out.printf("MAX_HEAP_MIB=%.1f%nMATCH=%s%n", Runtime.getRuntime().maxMemory() / 1048576.0, ok);
        System.exit(ok ? 0 : 1);
    }

    private static boolean roundTrip(S3StorageBackend backend, long size, String round) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        StorageKey key = StorageKey.of("large", "generated-" + round.toLowerCase() + "-" + System.nanoTime() + ".bin");
        SplittableRandom random = new SplittableRandom(42);
        CRC32 written = new CRC32();
        long t0 = System.nanoTime();
        try (StorageUpload upload = backend.openUpload(key)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(chunk.length, left);
                random.nextBytes(chunk);
                written.update(chunk, 0, n);
                upload.write(chunk, 0, n);
                left -= n;
            }
            upload.commit();
        }
        long t1 = System.nanoTime();
        CRC32 read = new CRC32();
        long count = 0;
        try (InputStream in = backend.openRead(key)) {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                read.update(chunk, 0, n);
                count += n;
            }
        }
        long t2 = System.nanoTime();
        System.out.printf("%s_UPLOAD_MB_PER_S=%.1f%n%s_DOWNLOAD_MB_PER_S=%.1f%n", round, size / 1e6 / ((t1 - t0) / 1e9),
                round, count / 1e6 / ((t2 - t1) / 1e9));
        backend.delete(List.of(key));
        return count == size && read.getValue() == written.getValue();
    }

    /** A plain sequential SDK multipart upload of the same size in 8 MiB parts: this client's and server's ceiling. */
    private static void baselineMultipart(S3Client client, String bucket, long size) {
        SplittableRandom random = new SplittableRandom(42);
        String key = "baseline-" + System.nanoTime();
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        byte[] part = new byte[S3StorageBackend.DEFAULT_PART_SIZE];
        long t0 = System.nanoTime();
        int number = 1;
        for (long left = size; left > 0; number++) {
            int n = (int) Math.min(part.length, left);
            random.nextBytes(part);
            int pn = number;
            String eTag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(pn),
                    RequestBody.fromContentProvider(() -> new java.io.ByteArrayInputStream(part, 0, n), n,
                            "application/octet-stream")).eTag();
            parts.add(CompletedPart.builder().partNumber(pn).eTag(eTag).build());
            left -= n;
        }
        client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        long t1 = System.nanoTime();
        client.deleteObject(b -> b.bucket(bucket).key(key));
        System.out.printf("BASELINE_SDK_MULTIPART_UPLOAD_MB_PER_S=%.1f%n", size / 1e6 / ((t1 - t0) / 1e9));
    }
}
