package com.daaisuite.backup.crypto.internal;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The one place a DBK1 segment meets AES-GCM: a 12-byte nonce, a 128-bit tag, the header as
 * associated data, and one {@code doFinal} per segment (the JDK's GCM is far slower fed in
 * {@code update()} slices). Both streams seal and open through it, so the Wycheproof vectors that
 * test it test the codec's own calls. Not thread-safe: one per stream.
 */
public final class SegmentCipher {
    private final Cipher cipher;

    /** Creates the cipher once per stream. */
    public SegmentCipher() {
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is unavailable in this JVM", e);
        }
    }

    /**
     * Seals one segment.
     *
     * @param key the archive key
     * @param nonce the segment's 12-byte nonce
     * @param aad the associated data (the archive header)
     * @param src the plaintext
     * @param off where it starts
     * @param len its length
     * @param dst receives ciphertext and tag ({@code len + 16} bytes)
     * @return the bytes written to {@code dst}
     */
    public int seal(SecretKey key, byte[] nonce, byte[] aad, byte[] src, int off, int len, byte[] dst) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(Dbk1Format.TAG_LENGTH * 8, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(src, off, len, dst, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed unexpectedly", e);
        }
    }

    /**
     * Opens one segment, all or nothing.
     *
     * @param key the archive key
     * @param nonce the segment's 12-byte nonce
     * @param aad the associated data (the archive header)
     * @param sealed ciphertext and tag
     * @param len their length
     * @param dst receives the plaintext ({@code len - 16} bytes)
     * @param dstOff where
     * @return false if the tag does not authenticate (nothing usable was written)
     */
    public boolean open(SecretKey key, byte[] nonce, byte[] aad, byte[] sealed, int len, byte[] dst, int dstOff) {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(Dbk1Format.TAG_LENGTH * 8, nonce));
            cipher.updateAAD(aad);
            cipher.doFinal(sealed, 0, len, dst, dstOff);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed unexpectedly", e);
        }
    }
}
