package com.daaisuite.backup.crypto;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts in a DBK1 header, readable without any key (for the catalog and for error messages).
 * They are authenticated only once the first segment's tag verifies (the header is the associated
 * data of every segment).
 *
 * @param version the format version (1, or 2 for an archive bound to its name)
 * @param suite the cipher suite id (1 = AES-256-GCM with HKDF-SHA256)
 * @param segmentSize the plaintext segment size in bytes
 * @param keyId the fingerprint of the master key the archive was made with
 * @param tenantId the tenant the archive belongs to
 * @param headerLength the length of the header in bytes, where the first segment starts
 * @param archiveName the file name the archive was written under (version 2); empty for version 1
 * @param createdAt the instant the archive was created for (version 2); empty for version 1
 */
public record Dbk1Header(int version, int suite, int segmentSize, KeyId keyId, String tenantId, int headerLength,
        Optional<String> archiveName, Optional<Instant> createdAt) {

    /** Checks the optional fields are present (never null). */
    public Dbk1Header {
        Objects.requireNonNull(archiveName, "archiveName");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * A version 1 header, which binds no name.
     *
     * @param version the format version
     * @param suite the cipher suite id
     * @param segmentSize the segment size
     * @param keyId the key id
     * @param tenantId the tenant
     * @param headerLength the header's length
     */
    public Dbk1Header(int version, int suite, int segmentSize, KeyId keyId, String tenantId, int headerLength) {
        this(version, suite, segmentSize, keyId, tenantId, headerLength, Optional.empty(), Optional.empty());
    }
}
