package com.daaisuite.backup.storage.s3;

import com.daaisuite.backup.ConfigurationException;
import java.util.Objects;
import java.util.Optional;

/**
 * The server-side encryption S3 is asked to apply to each archive it stores, on top of the archive's
 * own client-side encryption.
 *
 * <p>Sent as {@code x-amz-server-side-encryption} (and {@code x-amz-server-side-encryption-aws-kms-key-id})
 * on PutObject and CreateMultipartUpload. {@link #none()} sends nothing, which leaves the bucket's
 * default encryption in charge. Immutable and thread-safe.
 */
public final class S3ServerSideEncryption {

    /** What S3 is asked to do. */
    public enum Mode {
        /** No header: the bucket's default encryption applies. */
        NONE,
        /** SSE-S3: {@code AES256} with keys S3 manages. */
        S3_MANAGED,
        /** SSE-KMS: {@code aws:kms} with the given KMS key. */
        KMS
    }

    private static final S3ServerSideEncryption NONE = new S3ServerSideEncryption(Mode.NONE, null);
    private static final S3ServerSideEncryption S3_MANAGED = new S3ServerSideEncryption(Mode.S3_MANAGED, null);

    private final Mode mode;
    private final String kmsKeyId;

    private S3ServerSideEncryption(Mode mode, String kmsKeyId) {
        this.mode = mode;
        this.kmsKeyId = kmsKeyId;
    }

    /** @return no server-side encryption header; the bucket's default applies */
    public static S3ServerSideEncryption none() {
        return NONE;
    }

    /** @return SSE-S3 ({@code AES256}) */
    public static S3ServerSideEncryption s3Managed() {
        return S3_MANAGED;
    }

    /**
     * SSE-KMS with a customer-managed key. The writer needs {@code kms:GenerateDataKey} and readers
     * {@code kms:Decrypt} on that key.
     *
     * @param kmsKeyId the key id, key ARN, alias name or alias ARN
     * @return SSE-KMS with that key
     * @throws ConfigurationException if the key id is blank or contains whitespace or control characters
     */
    public static S3ServerSideEncryption kms(String kmsKeyId) {
        if (kmsKeyId == null || kmsKeyId.isBlank()) {
            throw new ConfigurationException("S3ServerSideEncryption.kms(keyId): the KMS key id is empty; "
                    + "pass a key id, key ARN or alias (for example alias/daai-backups).");
        }
        for (int i = 0; i < kmsKeyId.length(); i++) {
            char c = kmsKeyId.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new ConfigurationException("S3ServerSideEncryption.kms(keyId): the KMS key id contains a space, "
                        + "control or non-ASCII character at index " + i + "; pass a key id, key ARN or alias.");
            }
        }
        if (kmsKeyId.length() > 2048) {
            throw new ConfigurationException("S3ServerSideEncryption.kms(keyId): the KMS key id is "
                    + kmsKeyId.length() + " characters long; at most 2048 are allowed.");
        }
        return new S3ServerSideEncryption(Mode.KMS, kmsKeyId);
    }

    /** @return the mode */
    public Mode mode() {
        return mode;
    }

    /** @return the KMS key id, present only in {@link Mode#KMS} */
    public Optional<String> kmsKeyId() {
        return Optional.ofNullable(kmsKeyId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof S3ServerSideEncryption other && mode == other.mode && Objects.equals(kmsKeyId, other.kmsKeyId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, kmsKeyId);
    }

    @Override
    public String toString() {
        switch (mode) {
            case S3_MANAGED:
                return "SSE-S3";
            case KMS:
                return "SSE-KMS(" + kmsKeyId + ")";
            default:
                return "none";
        }
    }
}
