package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.QuotaExceededException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.spi.StorageUpload;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * The bottom of the backup pipeline: counts and hashes archive bytes, enforces the quota while
 * writing, and turns storage write failures into {@link StorageException} (remembered, so that a
 * source that wraps exceptions cannot hide the real cause). Closing it does not close the upload:
 * only commit publishes.
 */
final class ArchiveSink extends OutputStream {
    private final StorageUpload upload;
    private final OptionalLong headroom;
    private final String tenantId;
    private final String where;
    private final MessageDigest digest;
    private long count;
    private RuntimeException failure;

    ArchiveSink(StorageUpload upload, OptionalLong headroom, String tenantId, String where) {
        this.upload = upload;
        this.headroom = headroom;
        this.tenantId = tenantId;
        this.where = where;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    /** @return whether a write to storage (or the quota) failed */
    boolean failed() {
        return failure != null;
    }

    /** @return the remembered write failure, else {@code other} */
    RuntimeException failureOr(RuntimeException other) {
        return failure != null ? failure : other;
    }

    /** @return archive bytes written so far */
    long count() {
        return count;
    }

    /** @return the hex SHA-256 of everything written (call once, at the end) */
    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (failure != null) {
            throw failure;
        }
        if (headroom.isPresent() && count + len > headroom.getAsLong()) {
            failure = new QuotaExceededException("The backup of tenant " + tenantId + " grew past its storage quota ("
                    + headroom.getAsLong() + " bytes left) while writing " + where
                    + "; it was aborted and nothing was left behind. Free space, prune old snapshots or raise the quota.");
            throw failure;
        }
        try {
            upload.write(b, off, len);
        } catch (IOException e) {
            failure = new StorageException("Writing the archive " + where + " failed: " + e.getMessage()
                    + ". Nothing was stored; check the storage (space, permissions, network) and try again.", e);
            throw failure;
        }
        digest.update(b, off, len);
        count += len;
    }

    @Override
    public void close() {
        // Only commit publishes; closing the stream chain must not abort or finish the upload.
    }
}
