package com.daaisuite.backup.crypto;

/**
 * The facts in a DBK1 header, readable without any key (for the catalog and for error messages).
 *
 * @param version the format version (1)
 * @param suite the cipher suite id (1 = AES-256-GCM with HKDF-SHA256)
 * @param segmentSize the plaintext segment size in bytes
 * @param keyId the fingerprint of the master key the archive was made with
 * @param tenantId the tenant the archive belongs to
 * @param headerLength the length of the header in bytes, where the first segment starts
 */
public record Dbk1Header(int version, int suite, int segmentSize, KeyId keyId, String tenantId, int headerLength) {}
