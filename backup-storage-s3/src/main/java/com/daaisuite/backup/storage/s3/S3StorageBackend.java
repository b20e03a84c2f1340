package com.daaisuite.backup.storage.s3;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.core.InvalidNameException;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageBackend;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.storage.s3.internal.AbortOnCloseInputStream;
import com.daaisuite.backup.storage.s3.internal.S3Errors;
import com.daaisuite.backup.storage.s3.internal.S3Location;
import com.daaisuite.backup.storage.s3.internal.S3Upload;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link StorageBackend} on Amazon S3 or an S3-compatible store (MinIO, Ceph, ...), through the
 * AWS SDK for Java v2.
 *
 * <p>Objects live at {@code <prefix>/<tenant>/db-backups/<file>} in one bucket. Uploads stream in
 * bounded memory: at most two parts per upload are held (one being filled, one being sent), so an
 * archive of any size needs about {@code 2 × partSize} of heap. Objects smaller than one part are sent
 * with one PutObject. An upload becomes visible only when complete and never overwrites: both the
 * PutObject and the CompleteMultipartUpload carry {@code If-None-Match: *}, and a taken name gives
 * {@link com.daaisuite.backup.core.ObjectExistsException}. Every failure, abort or close without
 * commit aborts the multipart upload, so no parts are left behind (a bucket lifecycle rule with
 * {@code AbortIncompleteMultipartUpload} remains a good safety net for crashed processes). Uploads
 * send a CRC32 checksum for each request, which Object Lock buckets require.
 *
 * <p>Retries are the S3 client's: this backend adds none of its own, so one policy governs every
 * request. Clients built by {@link S3StorageBackendFactory} use the SDK's {@code STANDARD} retry
 * strategy (3 attempts, exponential backoff with jitter from 100 ms, from 1 s for throttling such as
 * 503 SlowDown, at most 20 s). A host that passes its own client keeps whatever it configured.
 *
 * <pre>{@code
 * S3Client s3 = S3Client.builder().region(Region.EU_WEST_1).build();   // the host's own client
 * StorageBackend storage = S3StorageBackend.builder()
 *         .bucket("acme-backups").prefix("prod").client(s3)
 *         .serverSideEncryption(S3ServerSideEncryption.kms("alias/acme-backups"))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #close()} closes the client only when this backend created it
 * (through the factory); a client passed in by the host is never closed.
 *
 * <p>This file is long (about 490 lines) because its builder (a third of the file) documents every
 * setting and each SPI method documents what it means on S3; the upload itself lives in
 * {@code internal.S3Upload}.
 */
public final class S3StorageBackend implements StorageBackend {

    /** The default part size: 8 MiB. */
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** The smallest part size S3 accepts for all parts but the last: 5 MiB. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    /** The largest part size accepted here: 512 MiB (two parts are held in heap per upload). */
    public static final int MAX_PART_SIZE = 512 * 1024 * 1024;
    /** The default age after which an unfinished multipart upload counts as left by a crash: 24 hours. */
    public static final Duration DEFAULT_STALE_UPLOAD_AGE = Duration.ofHours(24);
    /** How often one backend instance sweeps a tenant's folder for stale uploads when opening uploads. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);
    /** DeleteObjects accepts at most this many keys per request. */
    static final int DELETE_BATCH = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(S3StorageBackend.class);
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern PREFIX_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=+-]*");
    private static final int MAX_PREFIX_LENGTH = 512;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final S3Location location;
    private final boolean ownsClient;
    private final ExecutorService partUploader;
    private final Duration staleUploadAge;
    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> lastSweep = new ConcurrentHashMap<>();

    private S3StorageBackend(Builder b, ExecutorService partUploader) {
        this.partUploader = partUploader;
        this.staleUploadAge = b.staleUploadAge;
        this.clock = b.clock;
        this.location = new S3Location(b.client, b.bucket, b.prefix, b.encryption, b.partSize, partUploader);
        this.ownsClient = b.ownsClient;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public StorageUpload openUpload(StorageKey key) {
        Objects.requireNonNull(key, "key");
        sweepOccasionally(key.tenantId());
        return new S3Upload(location, key);
    }

    /**
     * Aborts the tenant's multipart uploads that were started longer ago than the stale-upload age
     * ({@link Builder#staleUploadAge(Duration)}, default 24 hours): the parts a crashed process left
     * behind, which are invisible but billed. Uploads younger than that are left alone, since another
     * node may still be writing them. Also run, at most every 10 minutes per tenant, when an upload is
     * opened; a bucket lifecycle rule {@code AbortIncompleteMultipartUpload} is a good second net.
     *
     * @param tenantId the tenant
     * @return how many uploads were aborted
     * @throws IOException if the uploads cannot be listed or aborted
     */
    public int removeStaleUploads(String tenantId) throws IOException {
        String keyPrefix = location.objectKey(StorageKey.folderOf(tenantId));
        Instant cutoff = clock.instant().minus(staleUploadAge);
        int aborted = 0;
        try {
            for (MultipartUpload u : location.client()
                    .listMultipartUploadsPaginator(b -> b.bucket(location.bucket()).prefix(keyPrefix)).uploads()) {
                if (u.initiated() != null && !u.initiated().isAfter(cutoff)) {
                    location.client().abortMultipartUpload(
                            b -> b.bucket(location.bucket()).key(u.key()).uploadId(u.uploadId()));
                    aborted++;
                    LOG.info("Aborted a multipart upload of {} started at {}: left by a crashed or stopped writer",
                            u.key(), u.initiated());
                }
            }
        } catch (SdkException e) {
            throw S3Errors.failure("clean up unfinished uploads of tenant '" + tenantId + "' in", "s3://"
                    + location.bucket() + "/" + keyPrefix, location, e);
        }
        return aborted;
    }

    private void sweepOccasionally(String tenantId) {
        Instant now = clock.instant();
        boolean[] due = {false};
        lastSweep.compute(tenantId, (k, previous) -> {
            if (previous == null || !previous.plus(SWEEP_INTERVAL).isAfter(now)) {
                due[0] = true;
                return now;
            }
            return previous;
        });
        if (!due[0]) {
            return;
        }
        try {
            removeStaleUploads(tenantId);
        } catch (IOException | RuntimeException e) {
            // Cleanup is a courtesy: never let it fail a backup.
            LOG.warn("Could not clean up stale multipart uploads of tenant {} in {}: {}", tenantId, describe(),
                    e.getMessage());
        }
    }

    @Override
    public InputStream openRead(StorageKey key) throws IOException {
        Objects.requireNonNull(key, "key");
        try {
            return new AbortOnCloseInputStream(location.client().getObject(
                    b -> b.bucket(location.bucket()).key(location.objectKey(key))));
        } catch (SdkException e) {
            if (S3Errors.isNoSuchKey(e)) {
                throw new SnapshotNotFoundException("There is no backup file '" + key.fileName() + "' for tenant '"
                        + key.tenantId() + "' in " + describe() + ". List the tenant's backups to see the file names "
                        + "that exist.", e);
            }
            throw S3Errors.failure("read", location.describe(key), location, e);
        }
    }

    @Override
    public List<StorageObject> list(String tenantId) throws IOException {
        String folder = StorageKey.folderOf(tenantId);
        String keyPrefix = location.objectKey(folder);
        List<StorageObject> result = new ArrayList<>();
        try {
            // The delimiter keeps anything nested deeper than the folder out of the listing.
            for (S3Object o : location.client()
                    .listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(keyPrefix).delimiter("/"))
                    .contents()) {
                String name = o.key().substring(keyPrefix.length());
                StorageKey key;
                try {
                    key = new StorageKey(tenantId, name);
                } catch (InvalidNameException e) {
                    LOG.debug("Ignoring object {} in {}: not a backup file name", o.key(), describe());
                    continue;
                }
                result.add(new StorageObject(key, o.size(), o.lastModified()));
            }
        } catch (SdkException e) {
            throw S3Errors.failure("list the backups of tenant '" + tenantId + "' in", "s3://" + location.bucket()
                    + "/" + keyPrefix, location, e);
        }
        return result;
    }

    @Override
    public void delete(Collection<StorageKey> keys) throws IOException {
        Set<String> objectKeys = new LinkedHashSet<>();
        for (StorageKey key : keys) {
            objectKeys.add(location.objectKey(Objects.requireNonNull(key, "keys contains null")));
        }
        List<String> all = new ArrayList<>(objectKeys);
        List<String> failed = new ArrayList<>();
        int failures = 0;
        for (int from = 0; from < all.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (String k : all.subList(from, Math.min(all.size(), from + DELETE_BATCH))) {
                batch.add(ObjectIdentifier.builder().key(k).build());
            }
            DeleteObjectsResponse response;
            try {
                response = location.client().deleteObjects(
                        b -> b.bucket(location.bucket()).delete(d -> d.objects(batch).quiet(true)));
            } catch (SdkException e) {
                throw S3Errors.failure("delete " + batch.size() + " objects (starting with " + batch.get(0).key()
                        + ") from", describe(), location, e);
            }
            for (S3Error error : response.errors()) {
                if ("NoSuchKey".equals(error.code())) {
                    continue;
                }
                if ("NoSuchBucket".equals(error.code())) {
                    throw new StorageException(S3Errors.noSuchBucket("delete " + batch.size() + " objects from",
                            describe(), location, " (NoSuchBucket)"));
                }
                failures++;
                if (failed.size() < 5) {
                    failed.add(error.key() + " (" + error.code() + ")");
                }
            }
        }
        if (failures > 0) {
            throw new StorageException("Could not delete " + failures + " of " + all.size() + " objects from "
                    + describe() + ", for example " + String.join(", ", failed) + ". Check that the credentials are "
                    + "allowed s3:DeleteObject on bucket '" + location.bucket() + "' and that no object lock or "
                    + "legal hold protects them, then retry.");
        }
    }

    @Override
    public String describe() {
        return location.describe();
    }

    /** @return the bucket */
    public String bucket() {
        return location.bucket();
    }

    /** @return the key prefix, without leading or trailing slash; empty for the bucket root */
    public String prefix() {
        return location.prefix();
    }

    /** @return the multipart part size in bytes */
    public int partSize() {
        return location.partSize();
    }

    /** @return the server-side encryption requested on writes */
    public S3ServerSideEncryption serverSideEncryption() {
        return location.encryption();
    }

    /**
     * Stops the background part uploader and, only if this backend created the client, closes it.
     * Uploads still open fail on their next part.
     */
    @Override
    public void close() {
        partUploader.shutdown();
        if (ownsClient) {
            location.client().close();
        }
    }

    @Override
    public String toString() {
        return "S3StorageBackend[" + describe() + ", partSize=" + location.partSize() + ", sse="
                + location.encryption() + "]";
    }

    /**
     * Builds an {@link S3StorageBackend}. Every setting is validated by {@link #build()}, whose
     * messages name the setting to fix. Not thread-safe; the backend it builds is.
     */
    public static final class Builder {
        private String bucket;
        private String prefix = "";
        private S3Client client;
        private int partSize = DEFAULT_PART_SIZE;
        private S3ServerSideEncryption encryption = S3ServerSideEncryption.none();
        private boolean ownsClient;
        private Duration staleUploadAge = DEFAULT_STALE_UPLOAD_AGE;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * @param bucket the bucket name (required; must exist: the backend never creates buckets)
         * @return this builder
         */
        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        /**
         * @param prefix a key prefix such as {@code prod/eu}, so that one bucket can serve several
         *     installations; leading and trailing slashes are ignored; empty or {@code null} means the
         *     bucket root (the default)
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = prefix == null ? "" : prefix;
            return this;
        }

        /**
         * @param client the host's S3 client (required). The backend never closes it: the host owns it.
         * @return this builder
         */
        public Builder client(S3Client client) {
            this.client = client;
            this.ownsClient = false;
            return this;
        }

        /** The factory hands over a client it built, which the backend then closes. */
        Builder ownedClient(S3Client client) {
            this.client = client;
            this.ownsClient = true;
            return this;
        }

        /**
         * @param bytes the multipart part size, from {@link #MIN_PART_SIZE} (5 MiB) to {@link #MAX_PART_SIZE};
         *     default {@link #DEFAULT_PART_SIZE} (8 MiB). Each upload holds up to two parts in heap, and an
         *     object may have at most 10,000 parts (80 GB at 8 MiB)
         * @return this builder
         */
        public Builder partSize(long bytes) {
            if (bytes < MIN_PART_SIZE || bytes > MAX_PART_SIZE) {
                throw new ConfigurationException("S3StorageBackend.builder().partSize(" + bytes + "): the part size "
                        + "must be between " + MIN_PART_SIZE + " (5 MiB, S3's minimum) and " + MAX_PART_SIZE
                        + " (512 MiB) bytes.");
            }
            this.partSize = (int) bytes;
            return this;
        }

        /**
         * @param encryption the server-side encryption to request; default {@link S3ServerSideEncryption#none()}
         * @return this builder
         */
        public Builder serverSideEncryption(S3ServerSideEncryption encryption) {
            this.encryption = Objects.requireNonNull(encryption, "encryption");
            return this;
        }

        /**
         * @param age how old an unfinished multipart upload must be before {@link
         *     S3StorageBackend#removeStaleUploads(String)} aborts it; default 24 hours. Make it longer than
         *     your longest backup: a younger upload may still be in progress on another node
         * @return this builder
         */
        public Builder staleUploadAge(Duration age) {
            if (age == null || age.isNegative()) {
                throw new ConfigurationException("S3StorageBackend.builder().staleUploadAge(" + age
                        + "): give a duration of zero or more, longer than the longest backup (default 24 hours).");
            }
            this.staleUploadAge = age;
            return this;
        }

        /** For tests: the clock that ages uploads. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the backend
         * @throws ConfigurationException naming the setting, if the bucket, prefix or client is missing or invalid
         */
        public S3StorageBackend build() {
            requireValidBucket(bucket);
            String normalized = normalizePrefix(prefix);
            if (client == null) {
                throw new ConfigurationException("S3StorageBackend.builder().client(...) is missing: pass the host's "
                        + "S3Client, or create the backend from an s3:// URI through S3StorageBackendFactory.");
            }
            Builder copy = new Builder();
            copy.bucket = bucket;
            copy.prefix = normalized;
            copy.client = client;
            copy.partSize = partSize;
            copy.encryption = encryption;
            copy.ownsClient = ownsClient;
            copy.staleUploadAge = staleUploadAge;
            copy.clock = clock;
            return new S3StorageBackend(copy, newPartUploader());
        }

        private static ExecutorService newPartUploader() {
            // Threads are created per concurrent upload and die when idle; each upload keeps at most one busy.
            ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "daai-s3-part-upload-" + THREADS.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            return executor;
        }
    }

    static void requireValidBucket(String bucket) {
        if (bucket == null || bucket.isEmpty()) {
            throw new ConfigurationException("S3StorageBackend.builder().bucket(...) is missing: name the S3 bucket "
                    + "that holds the backups.");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || IP_ADDRESS.matcher(bucket).matches()) {
            throw new ConfigurationException("S3StorageBackend.builder().bucket(\"" + printable(bucket) + "\"): not a "
                    + "valid S3 bucket name. Use 3 to 63 lower-case letters, digits, '.' and '-', starting and ending "
                    + "with a letter or digit.");
        }
    }

    static String normalizePrefix(String prefix) {
        String p = prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return "";
        }
        if (p.length() > MAX_PREFIX_LENGTH) {
            throw new ConfigurationException("S3StorageBackend.builder().prefix(...): the prefix is " + p.length()
                    + " characters long; at most " + MAX_PREFIX_LENGTH + " are allowed.");
        }
        for (String segment : p.split("/", -1)) {
            if (!PREFIX_SEGMENT.matcher(segment).matches() || segment.contains("..")) {
                throw new ConfigurationException("S3StorageBackend.builder().prefix(\"" + printable(prefix) + "\"): "
                        + "each '/'-separated part must be non-empty and use only letters, digits, '.', '_', '=', '+' "
                        + "and '-', starting with a letter or digit, with no '..'.");
            }
        }
        return p;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), 80); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return s.length() > 80 ? b + "..." : b.toString();
    }
}
