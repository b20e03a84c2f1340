package com.daaisuite.backup.storage.s3.internal;

import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.storage.s3.S3ServerSideEncryption;
import java.util.Objects;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Everything an operation needs to address the bucket: the client, the bucket, the key prefix, the
 * encryption to request and the part size. Immutable.
 *
 * @param client the SDK client (thread-safe)
 * @param bucket the bucket name
 * @param prefix the key prefix without leading or trailing slash, possibly empty
 * @param encryption server-side encryption to request on writes
 * @param partSize multipart part size in bytes
 * @param partUploader runs part uploads in the background, one per upload at a time
 */
public record S3Location(S3Client client, String bucket, String prefix, S3ServerSideEncryption encryption,
        int partSize, Executor partUploader) {

    public S3Location {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(partUploader, "partUploader");
    }

    /** @return {@code s3://bucket/prefix} (or {@code s3://bucket}); never credentials */
    public String describe() {
        return prefix.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + prefix;
    }

    /**
     * @param relative a path relative to the backend root, such as {@code t1/db-backups/}
     * @return the S3 object key (or key prefix)
     */
    public String objectKey(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    /**
     * @param key a storage key
     * @return its S3 object key
     */
    public String objectKey(StorageKey key) {
        return objectKey(key.path());
    }

    /**
     * @param key a storage key
     * @return {@code s3://bucket/prefix/<tenant>/db-backups/<file>}, for messages
     */
    public String describe(StorageKey key) {
        return "s3://" + bucket + "/" + objectKey(key);
    }
}
