package com.daaisuite.backup.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 32-byte master key from which every archive key is derived (HKDF-SHA256, see {@code
 * docs/dbk1.md}).
 *
 * <p>Immutable and safe to share. It never shows its bytes: {@link #toString()} prints only the
 * {@linkplain #id() key id}, equality is constant-time, and the one accessor that returns key
 * material is deliberately named {@link #copyKeyMaterialForDerivation()} so every use is greppable.
 */
public final class MasterKey {
    /** Length of a master key in bytes (AES-256). */
    public static final int LENGTH = 32;

    static final String KEY_ID_LABEL = "daai-backup DBK1 key id v1";

    private final byte[] key;
    private final KeyId id;

    private MasterKey(byte[] key) {
        this.key = key;
        this.id = fingerprint(key);
    }

    /**
     * Wraps 32 bytes of key material; the array is copied.
     *
     * @param key exactly 32 bytes, not all one value
     * @return the key
     * @throws MalformedKeyException if the key has the wrong length or is trivially weak
     */
    public static MasterKey of(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != LENGTH) {
            throw new MalformedKeyException("A master key must be exactly " + LENGTH + " bytes, but "
                    + key.length + " bytes were given. " + howToMakeOne());
        }
        boolean allSame = true;
        for (byte b : key) {
            allSame &= b == key[0];
        }
        if (allSame) {
            throw new MalformedKeyException(
                    "The master key is " + LENGTH + " copies of one byte value, which is not a secret. " + howToMakeOne());
        }
        return new MasterKey(key.clone());
    }

    /**
     * Parses a key written as base64 (standard or URL-safe, padding optional) or as 64 hex digits.
     * The text is never echoed in an error.
     *
     * @param text the encoded key; surrounding white space is ignored
     * @return the key
     * @throws MalformedKeyException if it is neither encoding, or does not decode to 32 bytes
     */
    public static MasterKey parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.isEmpty()) {
            throw new MalformedKeyException("The master key is empty. " + howToMakeOne());
        }
        byte[] decoded = null;
        // ASCII hex only: Character.digit would also accept non-ASCII digits that HexFormat then rejects
        // with a message quoting the offending character, a piece of the key.
        if (t.length() == 64 && t.chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0)) {
            decoded = java.util.HexFormat.of().parseHex(t);
        } else {
            try {
                String normal = t.replace('-', '+').replace('_', '/');
                decoded = java.util.Base64.getMimeDecoder().decode(normal);
                if (decoded.length == 0 || !t.matches("[A-Za-z0-9+/_=-]+")) {
                    decoded = null;
                }
            } catch (IllegalArgumentException e) {
                decoded = null;
            }
        }
        if (decoded == null) {
            throw new MalformedKeyException("The master key is neither base64 nor 64 hex digits ("
                    + t.length() + " characters were given). " + howToMakeOne());
        }
        try {
            return of(decoded);
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    /**
     * Generates a fresh random key.
     *
     * @param random the source of randomness, normally a {@link SecureRandom#getInstanceStrong()}
     *     or default {@code new SecureRandom()}
     * @return a new key
     */
    public static MasterKey generate(SecureRandom random) {
        byte[] k = new byte[LENGTH];
        random.nextBytes(k);
        try {
            return of(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** @return the public fingerprint of this key, written into every archive it encrypts */
    public KeyId id() {
        return id;
    }

    /**
     * A fresh copy of the key bytes, for key derivation. The caller must wipe the copy after use.
     *
     * @return 32 bytes of key material
     */
    public byte[] copyKeyMaterialForDerivation() {
        return key.clone();
    }

    /**
     * Text for error messages that tell a user how to create a valid key.
     *
     * @return one sentence with a command that generates a key
     */
    public static String howToMakeOne() {
        return "A valid key is 32 random bytes written as base64 (44 characters) or hex (64 digits); "
                + "generate one with: openssl rand -base64 32";
    }

    /** Constant-time comparison of the key bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** @return {@code MasterKey[id=<key id>]}, never the key bytes */
    @Override
    public String toString() {
        return "MasterKey[id=" + id + "]";
    }

    private static KeyId fingerprint(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal(KEY_ID_LABEL.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return KeyId.fromBytes(Arrays.copyOf(full, KeyId.LENGTH));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
