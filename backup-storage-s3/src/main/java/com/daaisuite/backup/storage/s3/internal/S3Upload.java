package com.daaisuite.backup.storage.s3.internal;

import com.daaisuite.backup.core.ObjectExistsException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageKey;
import com.daaisuite.backup.core.spi.StorageObject;
import com.daaisuite.backup.core.spi.StorageUpload;
import com.daaisuite.backup.storage.s3.S3ServerSideEncryption;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * A streaming upload to one S3 key.
 *
 * <p>Bytes are buffered up to one part. An object that never fills a part is sent with a single
 * PutObject at {@link #commit()}. Once a part is full, a multipart upload starts; each full part is
 * handed to the backend's background uploader while the writer fills the other buffer, and the writer
 * waits for the previous part before handing over the next. So at most two part buffers exist per
 * upload (one being filled, one being uploaded), whatever the object size.
 *
 * <p>Both the PutObject and the CompleteMultipartUpload carry {@code If-None-Match: *}: the object
 * appears only when complete, and never replaces an existing one. Any failure, {@link #abort()} or a
 * {@link #close()} without commit aborts the multipart upload, so no parts are left behind.
 *
 * <p>This file is long (about 490 lines) because one upload's life is one state machine: buffering,
 * parts in flight, completion and abort share its state, and their failure messages name the same
 * part, bucket and endpoint.
 */
public final class S3Upload extends StorageUpload {

    private static final Logger LOG = LoggerFactory.getLogger(S3Upload.class);
    private static final int FIRST_BUFFER = 64 * 1024;
    /** S3's limit on parts per multipart upload. */
    static final int MAX_PARTS = 10_000;
    private static final String CONTENT_TYPE = "application/octet-stream";

    private enum State { OPEN, COMMITTED, ABORTED, FAILED }

    private final S3Location location;
    private final StorageKey key;
    private final String objectKey;
    private final String what;
    private final byte[] one = new byte[1];

    private byte[] fill = new byte[0];
    private int filled;
    private byte[] spare;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final List<String> partETags = new ArrayList<>();
    private CompletableFuture<UploadedPart> inFlight;
    private byte[] inFlightBuffer;
    private int nextPartNumber = 1;
    private long size;
    private State state = State.OPEN;
    private StorageException failure;

    private record UploadedPart(CompletedPart part, String eTag) {}

    /**
     * @param location the bucket
     * @param key where the object goes
     */
    public S3Upload(S3Location location, StorageKey key) {
        this.location = Objects.requireNonNull(location, "location");
        this.key = Objects.requireNonNull(key, "key");
        this.objectKey = location.objectKey(key);
        this.what = location.describe(key);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        requireOpen();
        while (len > 0) {
            if (filled == fill.length) {
                if (fill.length < location.partSize()) {
                    grow();
                } else {
                    shipFullPart();
                }
            }
            int n = Math.min(len, fill.length - filled);
            System.arraycopy(b, off, fill, filled, n);
            filled += n;
            off += n;
            len -= n;
            size += n;
        }
    }

    /** Grows the first buffer gradually, so that many small uploads do not each hold a whole part. */
    private void grow() {
        long next = Math.max(FIRST_BUFFER, (long) fill.length * 2);
        fill = Arrays.copyOf(fill, (int) Math.min(location.partSize(), next));
    }

    private void shipFullPart() throws IOException {
        if (nextPartNumber >= MAX_PARTS) {
            throw fail(new StorageException("Could not upload " + what + ": it is larger than S3's limit of "
                    + MAX_PARTS + " parts of " + location.partSize() + " bytes. Configure a larger part size."));
        }
        if (uploadId == null) {
            startMultipart();
        }
        awaitInFlight();
        byte[] buffer = fill;
        int length = filled;
        int partNumber = nextPartNumber++;
        String id = uploadId;
        inFlightBuffer = buffer;
        try {
            inFlight = CompletableFuture.supplyAsync(() -> uploadPart(id, partNumber, buffer, length),
                    location.partUploader());
        } catch (RejectedExecutionException e) {
            inFlightBuffer = null;
            throw fail(new StorageException("Could not upload " + what + ": the storage backend was closed during "
                    + "the upload. Keep the backend open until every upload has committed or aborted.", e));
        }
        fill = spare != null ? spare : new byte[location.partSize()];
        spare = null;
        filled = 0;
    }

    private void startMultipart() {
        CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder()
                .bucket(location.bucket())
                .key(objectKey)
                .contentType(CONTENT_TYPE)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32);
        S3ServerSideEncryption sse = location.encryption();
        if (sse.mode() == S3ServerSideEncryption.Mode.S3_MANAGED) {
            request.serverSideEncryption(ServerSideEncryption.AES256);
        } else if (sse.mode() == S3ServerSideEncryption.Mode.KMS) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(sse.kmsKeyId().orElseThrow());
        }
        try {
            uploadId = location.client().createMultipartUpload(request.build()).uploadId();
        } catch (SdkException e) {
            throw fail(S3Errors.failure("start the multipart upload of", what, location, e));
        }
        LOG.debug("Started multipart upload of {} (part size {} bytes)", what, location.partSize());
    }

    private UploadedPart uploadPart(String id, int partNumber, byte[] buffer, int length) {
        String crc32 = crc32(buffer, length);
        String eTag = location.client().uploadPart(b -> b.bucket(location.bucket())
                        .key(objectKey)
                        .uploadId(id)
                        .partNumber(partNumber)
                        .contentLength((long) length)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32),
                body(buffer, length)).eTag();
        return new UploadedPart(CompletedPart.builder().partNumber(partNumber).eTag(eTag).checksumCRC32(crc32).build(),
                eTag);
    }

    /** Waits for the part in flight, so that its buffer can be reused; fails the upload if it failed. */
    private void awaitInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        try {
            UploadedPart done = inFlight.get();
            parts.add(done.part());
            partETags.add(done.eTag());
            spare = inFlightBuffer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException ie = new InterruptedIOException("Interrupted while uploading " + what
                    + "; the multipart upload was aborted and nothing was stored.");
            fail(new StorageException(ie.getMessage(), e));
            throw ie;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            int partNumber = nextPartNumber - 1;
            if (cause instanceof SdkException sdk) {
                throw fail(S3Errors.failure("upload part " + partNumber + " of", what, location, sdk));
            }
            throw fail(new StorageException("Could not upload part " + partNumber + " of " + what + ": " + cause
                    + ". The multipart upload was aborted and nothing was stored.", cause));
        } finally {
            inFlight = null;
            inFlightBuffer = null;
        }
    }

    @Override
    public synchronized StorageObject commit() throws IOException {
        requireOpen();
        if (uploadId == null) {
            putSingle();
        } else {
            completeMultipart();
        }
        state = State.COMMITTED;
        release();
        LOG.debug("Committed {} ({} bytes)", what, size);
        return new StorageObject(key, size, lastModified());
    }

    private void putSingle() {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(location.bucket())
                .key(objectKey)
                .contentType(CONTENT_TYPE)
                .contentLength((long) filled)
                .ifNoneMatch("*")
                .checksumAlgorithm(ChecksumAlgorithm.CRC32);
        S3ServerSideEncryption sse = location.encryption();
        if (sse.mode() == S3ServerSideEncryption.Mode.S3_MANAGED) {
            request.serverSideEncryption(ServerSideEncryption.AES256);
        } else if (sse.mode() == S3ServerSideEncryption.Mode.KMS) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(sse.kmsKeyId().orElseThrow());
        }
        try {
            location.client().putObject(request.build(), body(fill, filled));
        } catch (SdkException e) {
            if (S3Errors.isPreconditionFailed(e) && retried(e) && isOurs(md5Hex(fill, filled))) {
                // Our first attempt stored the object, its response was lost, and the retry found it.
                return;
            }
            if (S3Errors.isPreconditionFailed(e)) {
                throw fail(exists(e));
            }
            throw fail(conflictOr(e, "upload"));
        }
    }

    private void completeMultipart() throws IOException {
        awaitInFlight();
        if (filled > 0) {
            try {
                UploadedPart last = uploadPart(uploadId, nextPartNumber++, fill, filled);
                parts.add(last.part());
                partETags.add(last.eTag());
            } catch (SdkException e) {
                throw fail(S3Errors.failure("upload part " + (nextPartNumber - 1) + " of", what, location, e));
            }
        }
        try {
            location.client().completeMultipartUpload(b -> b.bucket(location.bucket())
                    .key(objectKey)
                    .uploadId(uploadId)
                    .ifNoneMatch("*")
                    .multipartUpload(m -> m.parts(parts)));
        } catch (SdkException e) {
            if ((S3Errors.isPreconditionFailed(e) || isNoSuchUpload(e)) && retried(e) && isOurs(multipartETag())) {
                // Our first attempt completed the upload, its response was lost, and the retry found the object
                // (or found the upload gone, as the store had already turned it into the object).
                return;
            }
            if (S3Errors.isPreconditionFailed(e)) {
                throw fail(exists(e));
            }
            throw fail(conflictOr(e, "complete the multipart upload of"));
        }
    }

    private ObjectExistsException exists(SdkException e) {
        return new ObjectExistsException("Could not store " + what + ": an object with that name already exists and "
                + "uploads never overwrite. The new upload was discarded; use a different file name.", e);
    }

    private StorageException conflictOr(SdkException e, String action) {
        if (S3Errors.isConditionalConflict(e)) {
            return new StorageException("Could not store " + what + ": another writer was storing the same name at "
                    + "the same moment (409 ConditionalRequestConflict). This upload was discarded; list the tenant's "
                    + "backups to see whether the other one completed, then retry under a new name if needed.", e);
        }
        return S3Errors.failure(action, what, location, e);
    }

    private static boolean isNoSuchUpload(SdkException e) {
        return e instanceof AwsServiceException ase && ase.statusCode() == 404;
    }

    private static boolean retried(SdkException e) {
        return e.numAttempts() != null && e.numAttempts() > 1;
    }

    /** Whether the object now under the key carries the ETag our own upload would have produced. */
    private boolean isOurs(String expectedETag) {
        if (expectedETag == null) {
            return false;
        }
        try {
            HeadObjectResponse head = location.client().headObject(b -> b.bucket(location.bucket()).key(objectKey));
            return expectedETag.equals(unquote(head.eTag())) && head.contentLength() != null
                    && head.contentLength() == size;
        } catch (SdkException e) {
            return false;
        }
    }

    /** The ETag S3 gives a completed multipart upload of unencrypted or SSE-S3 data: md5(md5s)-N. */
    private String multipartETag() {
        if (location.encryption().mode() == S3ServerSideEncryption.Mode.KMS) {
            return null;
        }
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            for (String eTag : partETags) {
                String hex = unquote(eTag);
                if (hex == null || hex.length() != 32) {
                    return null;
                }
                md5.update(HexFormat.of().parseHex(hex));
            }
            return HexFormat.of().formatHex(md5.digest()) + "-" + partETags.size();
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            return null;
        }
    }

    private String md5Hex(byte[] buffer, int length) {
        if (location.encryption().mode() == S3ServerSideEncryption.Mode.KMS) {
            return null;
        }
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(buffer, 0, length);
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }

    private static String unquote(String eTag) {
        if (eTag == null) {
            return null;
        }
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1) : eTag;
    }

    private Instant lastModified() {
        try {
            Instant t = location.client().headObject(b -> b.bucket(location.bucket()).key(objectKey)).lastModified();
            if (t != null) {
                return t;
            }
        } catch (SdkException e) {
            // The object is committed; only its timestamp is unknown, so the local clock is close enough.
            LOG.debug("Could not read the timestamp of {} after commit: {}", what, e.toString());
        }
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public synchronized void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        discard();
        LOG.debug("Aborted the upload of {}", what);
    }

    @Override
    public synchronized void close() {
        abort();
    }

    @Override
    public void flush() {
        // Parts are sent when full; flushing a partial part would break S3's minimum part size.
    }

    /** Marks the upload failed, discards it (aborting the multipart upload) and returns the error to throw. */
    private StorageException fail(StorageException error) {
        StorageException thrown = error;
        if (error.getClass() == StorageException.class && !error.getMessage().contains("nothing was stored")) {
            thrown = new StorageException(error.getMessage() + " The upload was discarded"
                    + (uploadId == null ? "" : " (its multipart upload aborted)") + "; nothing was stored.",
                    error.getCause());
        }
        if (state == State.OPEN) {
            state = State.FAILED;
            failure = thrown;
            discard();
        }
        return thrown;
    }

    private void discard() {
        if (inFlight != null) {
            // Wait even if interrupted: aborting while a part is still being sent can leave that part behind.
            boolean interrupted = false;
            while (true) {
                try {
                    inFlight.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    break;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            inFlight = null;
            inFlightBuffer = null;
        }
        if (uploadId != null) {
            String id = uploadId;
            try {
                location.client().abortMultipartUpload(b -> b.bucket(location.bucket()).key(objectKey).uploadId(id));
            } catch (SdkException e) {
                if (!(e instanceof AwsServiceException ase && ase.statusCode() == 404)) {
                    LOG.warn("Could not abort multipart upload {} of {}: {}. Its parts stay stored (and billed) until "
                            + "a bucket lifecycle rule with AbortIncompleteMultipartUpload removes them.",
                            id, what, e.toString());
                }
            }
        }
        release();
    }

    private void release() {
        fill = new byte[0];
        filled = 0;
        spare = null;
    }

    private void requireOpen() throws IOException {
        switch (state) {
            case OPEN:
                return;
            case FAILED:
                throw new StorageException("The upload of " + what + " already failed and was discarded; start a new "
                        + "upload. First failure: " + failure.getMessage(), failure);
            case COMMITTED:
                throw new IOException("The upload of " + what + " is already committed; open a new upload to write more.");
            default:
                throw new IOException("The upload of " + what + " was aborted; open a new upload to write again.");
        }
    }

    /**
     * Streams the first {@code length} bytes of the buffer without copying it. A fresh stream for each
     * attempt lets the SDK retry. (Not {@code RequestBody.fromByteBuffer} on a slice: it sends the whole
     * backing array.)
     */
    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, CONTENT_TYPE);
    }

    /** Base64 of the big-endian CRC32, as the x-amz-checksum-crc32 header and CompleteMultipartUpload expect. */
    static String crc32(byte[] buffer, int length) {
        CRC32 crc = new CRC32();
        crc.update(buffer, 0, length);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Override
    public String toString() {
        return "S3Upload[" + what + ", " + state + ", " + size + " bytes]";
    }
}
