package com.daaisuite.backup.crypto.internal;

import com.daaisuite.backup.crypto.ArchiveTamperedException;
import com.daaisuite.backup.crypto.Dbk1Header;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.KeyId;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.crypto.NotDbk1Exception;
import com.daaisuite.backup.crypto.UnsupportedFormatVersionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * The byte layout of DBK1 (docs/dbk1.md): header encoding, parsing, key and nonce derivation. Version
 * 1 binds the tenant; version 2 also binds the archive's file name and creation time, placed between
 * the tenant id and the salt. Keys and nonces are the same in both.
 */
public final class Dbk1Format {
    public static final byte[] MAGIC = {'D', 'B', 'K', '1'};
    public static final int VERSION = 1;
    /** The version whose header also carries the archive's name and creation time. */
    public static final int VERSION_BOUND = 2;
    /** Archive names are 1..255 printable ASCII characters. */
    public static final int MAX_NAME_LENGTH = 255;
    public static final int SUITE_AES256GCM_HKDFSHA256 = 1;
    public static final int SALT_LENGTH = 32;
    public static final int NONCE_PREFIX_LENGTH = 7;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    public static final int MAX_TENANT_ID_LENGTH = 64;
    /** Bytes before the tenant id: magic, version, suite, segment size, key id, tenant length. */
    public static final int FIXED_PREFIX_LENGTH = 4 + 1 + 1 + 4 + KeyId.LENGTH + 1;
    /** Header length without the tenant id bytes. */
    public static final int FIXED_HEADER_LENGTH = FIXED_PREFIX_LENGTH + SALT_LENGTH + NONCE_PREFIX_LENGTH;
    /** Segments are counted with a u32, so an archive holds at most 2^32 segments. */
    public static final long MAX_SEGMENTS = 1L << 32;

    static final byte[] ARCHIVE_KEY_INFO_PREFIX = "DBK1 v1 AES-256-GCM archive key".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] MONGODUMP_MAGIC = {0x6d, (byte) 0xe2, (byte) 0x99, (byte) 0x81};

    private Dbk1Format() {}

    /** A parsed header with the fields only a decryptor needs. */
    public record Parsed(Dbk1Header header, byte[] bytes, byte[] salt, byte[] noncePrefix) {}

    /**
     * Checks a tenant id is 1..64 printable ASCII characters (0x21..0x7E).
     *
     * @param tenantId the id
     * @return its ASCII bytes
     */
    public static byte[] tenantBytes(String tenantId) {
        if (tenantId == null) {
            throw new NullPointerException("tenantId");
        }
        int n = tenantId.length();
        if (n < 1 || n > MAX_TENANT_ID_LENGTH) {
            throw new IllegalArgumentException("A DBK1 tenant id is 1 to " + MAX_TENANT_ID_LENGTH
                    + " printable ASCII characters, got " + n + " characters");
        }
        for (int i = 0; i < n; i++) {
            char c = tenantId.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("A DBK1 tenant id is printable ASCII without spaces (0x21..0x7E);"
                        + " character " + i + " is U+" + String.format("%04X", (int) c));
            }
        }
        return tenantId.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Checks an archive name is 1..255 printable ASCII characters (0x21..0x7E).
     *
     * @param name the name
     * @return its ASCII bytes
     */
    public static byte[] nameBytes(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        int n = name.length();
        if (n < 1 || n > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("A DBK1 archive name is 1 to " + MAX_NAME_LENGTH
                    + " printable ASCII characters, got " + n + " characters");
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("A DBK1 archive name is printable ASCII without spaces (0x21..0x7E);"
                        + " character " + i + " is U+" + String.format("%04X", (int) c));
            }
        }
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Builds a version 2 header: the version 1 fields, with the archive's name and creation time
     * (milliseconds since the epoch, u64 big endian) between the tenant id and the salt.
     */
    public static byte[] encodeHeader(int segmentSize, KeyId keyId, byte[] tenant, byte[] name, long createdAtMillis,
            byte[] salt, byte[] noncePrefix) {
        byte[] v1 = encodeHeader(segmentSize, keyId, tenant, salt, noncePrefix);
        int at = FIXED_PREFIX_LENGTH + tenant.length;
        byte[] h = new byte[v1.length + 1 + name.length + 8];
        System.arraycopy(v1, 0, h, 0, at);
        h[4] = (byte) VERSION_BOUND;
        h[at] = (byte) name.length;
        System.arraycopy(name, 0, h, at + 1, name.length);
        putU64(h, at + 1 + name.length, createdAtMillis);
        System.arraycopy(v1, at, h, at + 1 + name.length + 8, SALT_LENGTH + NONCE_PREFIX_LENGTH);
        return h;
    }

    /** Builds the header bytes. */
    public static byte[] encodeHeader(int segmentSize, KeyId keyId, byte[] tenant, byte[] salt, byte[] noncePrefix) {
        if (segmentSize < Dbk1Options.MIN_SEGMENT_SIZE || segmentSize > Dbk1Options.MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment size out of range: " + segmentSize);
        }
        if (salt.length != SALT_LENGTH || noncePrefix.length != NONCE_PREFIX_LENGTH) {
            throw new IllegalArgumentException("salt must be 32 bytes and nonce prefix 7 bytes");
        }
        byte[] h = new byte[FIXED_HEADER_LENGTH + tenant.length];
        int p = 0;
        System.arraycopy(MAGIC, 0, h, p, 4);
        p += 4;
        h[p++] = (byte) VERSION;
        h[p++] = (byte) SUITE_AES256GCM_HKDFSHA256;
        putU32(h, p, segmentSize);
        p += 4;
        System.arraycopy(keyId.toBytes(), 0, h, p, KeyId.LENGTH);
        p += KeyId.LENGTH;
        h[p++] = (byte) tenant.length;
        System.arraycopy(tenant, 0, h, p, tenant.length);
        p += tenant.length;
        System.arraycopy(salt, 0, h, p, SALT_LENGTH);
        p += SALT_LENGTH;
        System.arraycopy(noncePrefix, 0, h, p, NONCE_PREFIX_LENGTH);
        return h;
    }

    /**
     * Reads and validates a header, consuming exactly its bytes.
     *
     * @param in the archive, positioned at its start
     * @return the parsed header
     */
    public static Parsed readHeader(InputStream in) {
        try {
            byte[] fixed = new byte[FIXED_PREFIX_LENGTH];
            int got = readFully(in, fixed, 0, 4);
            if (got > 0 && got < 4 && Arrays.equals(fixed, 0, got, MAGIC, 0, got)) {
                throw truncatedHeader(got);
            }
            if (got < 4 || !Arrays.equals(fixed, 0, 4, MAGIC, 0, 4)) {
                throw notDbk1(fixed, got);
            }
            got = readFully(in, fixed, 4, FIXED_PREFIX_LENGTH - 4);
            int version = fixed[4] & 0xff;
            if (got >= 1 && version != VERSION && version != VERSION_BOUND) {
                throw new UnsupportedFormatVersionException("This DBK1 archive declares format version "
                        + version + "; this library reads versions " + VERSION + " and " + VERSION_BOUND
                        + " only. Upgrade daai-backup to a release that reads it.");
            }
            if (got >= 2 && (fixed[5] & 0xff) != SUITE_AES256GCM_HKDFSHA256) {
                throw new UnsupportedFormatVersionException("This DBK1 archive declares cipher suite "
                        + (fixed[5] & 0xff) + "; this library knows suite " + SUITE_AES256GCM_HKDFSHA256
                        + " (AES-256-GCM with HKDF-SHA256) only. Upgrade daai-backup to a release that reads it.");
            }
            if (got < FIXED_PREFIX_LENGTH - 4) {
                throw truncatedHeader(4 + got);
            }
            int segmentSize = getU32(fixed, 6);
            if (segmentSize < Dbk1Options.MIN_SEGMENT_SIZE || segmentSize > Dbk1Options.MAX_SEGMENT_SIZE) {
                throw new ArchiveTamperedException("The DBK1 header is malformed: segment size "
                        + Integer.toUnsignedString(segmentSize) + " is outside " + Dbk1Options.MIN_SEGMENT_SIZE + ".."
                        + Dbk1Options.MAX_SEGMENT_SIZE + " bytes. The archive is corrupt or was altered;"
                        + " restore another snapshot.");
            }
            KeyId keyId = KeyId.fromBytes(Arrays.copyOfRange(fixed, 10, 10 + KeyId.LENGTH));
            int tenantLength = fixed[FIXED_PREFIX_LENGTH - 1] & 0xff;
            if (tenantLength < 1 || tenantLength > MAX_TENANT_ID_LENGTH) {
                throw new ArchiveTamperedException("The DBK1 header is malformed: tenant id length " + tenantLength
                        + " is outside 1.." + MAX_TENANT_ID_LENGTH + ". The archive is corrupt or was altered;"
                        + " restore another snapshot.");
            }
            // Version 2 reads one byte more here (the name's length), so the tenant id is read with it.
            int bound = version == VERSION_BOUND ? 1 : 0;
            byte[] h = Arrays.copyOf(fixed, FIXED_PREFIX_LENGTH + tenantLength + bound);
            got = readFully(in, h, FIXED_PREFIX_LENGTH, h.length - FIXED_PREFIX_LENGTH);
            if (got < h.length - FIXED_PREFIX_LENGTH) {
                throw truncatedHeader(FIXED_PREFIX_LENGTH + got);
            }
            requirePrintable(h, FIXED_PREFIX_LENGTH, tenantLength, "tenant id");
            String tenant = new String(h, FIXED_PREFIX_LENGTH, tenantLength, StandardCharsets.US_ASCII);
            Optional<String> name = Optional.empty();
            Optional<Instant> createdAt = Optional.empty();
            if (bound == 1) {
                int nameLength = h[h.length - 1] & 0xff;
                if (nameLength < 1) {
                    throw new ArchiveTamperedException("The DBK1 header is malformed: the archive name is empty."
                            + " The archive is corrupt or was altered; restore another snapshot.");
                }
                int nameAt = h.length;
                h = Arrays.copyOf(h, nameAt + nameLength + 8);
                got = readFully(in, h, nameAt, nameLength + 8);
                if (got < nameLength + 8) {
                    throw truncatedHeader(nameAt + got);
                }
                requirePrintable(h, nameAt, nameLength, "archive name");
                name = Optional.of(new String(h, nameAt, nameLength, StandardCharsets.US_ASCII));
                createdAt = Optional.of(Instant.ofEpochMilli(getU64(h, nameAt + nameLength)));
            }
            int saltAt = h.length;
            h = Arrays.copyOf(h, saltAt + SALT_LENGTH + NONCE_PREFIX_LENGTH);
            got = readFully(in, h, saltAt, SALT_LENGTH + NONCE_PREFIX_LENGTH);
            if (got < SALT_LENGTH + NONCE_PREFIX_LENGTH) {
                throw truncatedHeader(saltAt + got);
            }
            byte[] salt = Arrays.copyOfRange(h, saltAt, saltAt + SALT_LENGTH);
            byte[] prefix = Arrays.copyOfRange(h, saltAt + SALT_LENGTH, saltAt + SALT_LENGTH + NONCE_PREFIX_LENGTH);
            Dbk1Header header = new Dbk1Header(version, SUITE_AES256GCM_HKDFSHA256, segmentSize, keyId, tenant, h.length,
                    name, createdAt);
            return new Parsed(header, h, salt, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the DBK1 header failed: " + e.getMessage(), e);
        }
    }

    private static void requirePrintable(byte[] h, int at, int length, String field) {
        for (int i = 0; i < length; i++) {
            int c = h[at + i] & 0xff;
            if (c < 0x21 || c > 0x7e) {
                throw new ArchiveTamperedException("The DBK1 header is malformed: byte " + i + " of the " + field
                        + " is 0x" + HexFormat.of().toHexDigits((byte) c) + ", not printable ASCII."
                        + " The archive is corrupt or was altered; restore another snapshot.");
            }
        }
    }

    private static ArchiveTamperedException truncatedHeader(int have) {
        return new ArchiveTamperedException("The DBK1 archive is truncated inside its header (only " + have
                + " bytes). The upload was incomplete or the file was cut; restore another snapshot.");
    }

    private static NotDbk1Exception notDbk1(byte[] first, int got) {
        String seen = got <= 0 ? "the stream is empty"
                : "it starts with bytes " + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(first, 0, got);
        if (got >= 2 && first[0] == GZIP_MAGIC[0] && first[1] == GZIP_MAGIC[1]) {
            return new NotDbk1Exception("Not a DBK1 archive: this is a plaintext gzip (legacy) archive, read it without"
                    + " decryption (" + seen + ").");
        }
        if (got >= 4 && Arrays.equals(first, 0, 4, MONGODUMP_MAGIC, 0, 4)) {
            return new NotDbk1Exception("Not a DBK1 archive: this is an uncompressed plaintext mongodump archive"
                    + " (legacy), read it without decryption (" + seen + ").");
        }
        return new NotDbk1Exception("Not a DBK1 archive: " + seen + " instead of the magic 44 42 4B 31 (\"DBK1\")."
                + " Check that the right file was selected.");
    }

    /**
     * Derives the per-archive AES key.
     *
     * @return the AES-256 key
     */
    public static SecretKeySpec archiveKey(MasterKey master, byte[] salt, byte[] tenant) {
        byte[] ikm = master.copyKeyMaterialForDerivation();
        byte[] info = new byte[ARCHIVE_KEY_INFO_PREFIX.length + 1 + tenant.length];
        System.arraycopy(ARCHIVE_KEY_INFO_PREFIX, 0, info, 0, ARCHIVE_KEY_INFO_PREFIX.length);
        System.arraycopy(tenant, 0, info, ARCHIVE_KEY_INFO_PREFIX.length + 1, tenant.length);
        byte[] k = Hkdf.sha256(ikm, salt, info, 32);
        try {
            return new SecretKeySpec(k, "AES");
        } finally {
            Arrays.fill(ikm, (byte) 0);
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Writes the nonce of segment {@code index} into {@code nonce} (12 bytes). */
    public static void nonce(byte[] noncePrefix, long index, boolean last, byte[] nonce) {
        System.arraycopy(noncePrefix, 0, nonce, 0, NONCE_PREFIX_LENGTH);
        putU32(nonce, NONCE_PREFIX_LENGTH, (int) index);
        nonce[NONCE_LENGTH - 1] = (byte) (last ? 1 : 0);
    }

    static void putU32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void putU64(byte[] b, int at, long v) {
        putU32(b, at, (int) (v >>> 32));
        putU32(b, at + 4, (int) v);
    }

    static long getU64(byte[] b, int at) {
        return (getU32(b, at) & 0xffffffffL) << 32 | (getU32(b, at + 4) & 0xffffffffL);
    }

    static int getU32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    /** Reads until {@code len} bytes or end of stream; returns how many were read. */
    static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, off + n, len - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

}
