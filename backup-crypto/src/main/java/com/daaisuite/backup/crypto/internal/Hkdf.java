package com.daaisuite.backup.crypto.internal;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HKDF-SHA256 (RFC 5869) on BouncyCastle's HMAC, the one place the module uses it.
 *
 * <p>Written out (extract, then expand) rather than through {@code HKDFBytesGenerator} so that
 * every intermediate secret can be wiped: the pseudo-random key, each output block, the copies
 * {@link KeyParameter} makes (its {@code getKey()} returns its own array), and the HMAC's padded
 * key state, which is overwritten by re-keying it with zeros before it is dropped.
 */
public final class Hkdf {
    /** Largest output HKDF-SHA256 can produce: 255 blocks of 32 bytes. */
    public static final int MAX_LENGTH = 255 * 32;

    private static final int HASH_LENGTH = 32;

    private Hkdf() {}

    /**
     * Extract-then-expand.
     *
     * @param ikm input keying material; not modified
     * @param salt salt; an empty or null salt means 32 zero bytes, as RFC 5869 says
     * @param info context and application specific information, may be empty
     * @param length output length, 0..8160
     * @return the output keying material; the caller wipes it after use
     */
    public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 0.." + MAX_LENGTH + ", got " + length);
        }
        byte[] out = new byte[length];
        if (length == 0) {
            return out;
        }
        byte[] in = info == null ? new byte[0] : info;
        HMac mac = new HMac(new SHA256Digest());
        byte[] prk = new byte[HASH_LENGTH];
        byte[] block = new byte[HASH_LENGTH];
        KeyParameter saltKey = new KeyParameter(salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt);
        KeyParameter prkKey = null;
        try {
            mac.init(saltKey);
            mac.update(ikm, 0, ikm.length);
            mac.doFinal(prk, 0);
            prkKey = new KeyParameter(prk);
            int done = 0;
            for (int i = 1; done < length; i++) {
                mac.init(prkKey);
                if (i > 1) {
                    mac.update(block, 0, HASH_LENGTH);
                }
                mac.update(in, 0, in.length);
                mac.update((byte) i);
                mac.doFinal(block, 0);
                int n = Math.min(HASH_LENGTH, length - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
            return out;
        } finally {
            Arrays.fill(prk, (byte) 0);
            Arrays.fill(block, (byte) 0);
            Arrays.fill(saltKey.getKey(), (byte) 0);
            if (prkKey != null) {
                Arrays.fill(prkKey.getKey(), (byte) 0);
            }
            // HMac keeps the padded key (and digest states derived from it) until re-keyed.
            mac.init(new KeyParameter(new byte[HASH_LENGTH]));
        }
    }
}
