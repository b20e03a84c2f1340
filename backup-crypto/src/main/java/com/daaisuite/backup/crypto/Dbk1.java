package com.daaisuite.backup.crypto;

import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The DBK1 archive format: segmented AES-256-GCM under a per-archive key derived with HKDF-SHA256
 * from a master key, a random salt and the tenant id. Specified byte by byte in {@code docs/dbk1.md}.
 *
 * <p>All streams work in constant memory (about two segments) for any archive size.
 */
public final class Dbk1 {
    /** The four magic bytes every DBK1 archive starts with: ASCII {@code DBK1}. */
    public static final byte[] MAGIC = {'D', 'B', 'K', '1'};

    private Dbk1() {}

    /**
     * Whether a stream prefix starts with the DBK1 magic.
     *
     * @param prefix the first bytes of a stream
     * @param length how many bytes of {@code prefix} are valid
     * @return true if the first four bytes are {@code DBK1}
     */
    public static boolean hasMagic(byte[] prefix, int length) {
        if (length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Wraps a stream so that what is written to it is encrypted as a DBK1 archive with default
     * options. {@code close()} seals the last segment and closes {@code out}.
     *
     * @param out where the archive goes
     * @param key the master key
     * @param tenantId the tenant the archive belongs to (bound into the header and the key)
     * @return the encrypting stream
     */
    public static OutputStream encrypt(OutputStream out, MasterKey key, String tenantId) {
        return encrypt(out, key, tenantId, Dbk1Options.defaults());
    }

    /**
     * Wraps a stream so that what is written to it is encrypted as a DBK1 archive.
     * {@code close()} seals the last segment and closes {@code out}.
     *
     * @param out where the archive goes
     * @param key the master key
     * @param tenantId the tenant the archive belongs to (bound into the header and the key)
     * @param options segment size and randomness
     * @return the encrypting stream
     */
    public static OutputStream encrypt(OutputStream out, MasterKey key, String tenantId, Dbk1Options options) {
        throw new IllegalStateException("DBK1 encryption is being written");
    }

    /**
     * Wraps a DBK1 archive so that reading yields the authenticated plaintext. The header is read
     * and checked on the first read (or eagerly by this call, implementations may choose); no byte
     * of a segment is returned before its tag verifies; after any failure every later read fails.
     *
     * @param in the archive
     * @param keys where the master key named in the header is looked up
     * @param expectedTenantId the tenant the caller expects; another tenant's archive is refused
     * @return the decrypting stream
     * @throws NotDbk1Exception if the stream is not DBK1
     * @throws KeyUnknownException if no configured key has the header's key id
     * @throws WrongTenantException if the archive belongs to another tenant
     */
    public static InputStream decrypt(InputStream in, KeyProvider keys, String expectedTenantId) {
        throw new IllegalStateException("DBK1 decryption is being written");
    }

    /**
     * Reads and parses a DBK1 header without any key, leaving {@code in} positioned after it.
     *
     * @param in the archive
     * @return the header facts
     * @throws NotDbk1Exception if the stream is not DBK1
     * @throws UnsupportedFormatVersionException if the version or suite is unknown
     * @throws ArchiveTamperedException if the header is malformed
     */
    public static Dbk1Header readHeader(InputStream in) {
        throw new IllegalStateException("DBK1 header parsing is being written");
    }
}
