package com.daaisuite.backup.crypto.internal;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869) through BouncyCastle, the one place the module uses it. */
public final class Hkdf {
    /** Largest output HKDF-SHA256 can produce: 255 blocks of 32 bytes. */
    public static final int MAX_LENGTH = 255 * 32;

    private Hkdf() {}

    /**
     * Extract-then-expand.
     *
     * @param ikm input keying material
     * @param salt salt; an empty or null salt means 32 zero bytes, as RFC 5869 says
     * @param info context and application specific information, may be empty
     * @param length output length, 0..8160
     * @return the output keying material
     */
    public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 0.." + MAX_LENGTH + ", got " + length);
        }
        byte[] out = new byte[length];
        if (length == 0) {
            return out;
        }
        HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
        // BouncyCastle treats a null salt as HashLen zero bytes; an empty array is the same per RFC 5869.
        byte[] s = salt == null || salt.length == 0 ? null : salt;
        gen.init(new HKDFParameters(ikm, s, info == null ? new byte[0] : info));
        gen.generateBytes(out, 0, length);
        return out;
    }
}
