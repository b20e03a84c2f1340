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

    /** Fewest distinct byte values a master key may have; random keys have about 30. */
    public static final int MIN_DISTINCT_BYTES = 17;

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
     * <p>Keys that are plainly not random are refused, because an archive is only as secret as its
     * key: fewer than {@value #MIN_DISTINCT_BYTES} distinct byte values (32 random bytes have about
     * 30; fewer than 17 happens by chance with a probability of about 2 in 10^15), bytes that are all
     * printable ASCII (a passphrase or the text of a key pasted undecoded; by chance about 2 in
     * 10^14), or repeated content (a run of 6 bytes that occurs twice, or the key matching itself
     * shifted by 1 to 24 bytes in 8 or more places; by chance about 3 in 10^12). Counting sequences
     * such as {@code 00 01 02 ...} are not refused: the frozen DBK1 test vectors use one.
     *
     * @param key exactly 32 bytes that look random by the rules above
     * @return the key
     * @throws MalformedKeyException if the key has the wrong length or is plainly not random
     */
    public static MasterKey of(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != LENGTH) {
            throw new MalformedKeyException("A master key must be exactly " + LENGTH + " bytes, but "
                    + key.length + " bytes were given. " + howToMakeOne());
        }
        String weakness = weakness(key);
        if (weakness != null) {
            throw new MalformedKeyException("The master key is not random: it " + weakness
                    + ", so it is guessable rather than secret, and nothing was encrypted with it. " + howToMakeOne());
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
        try {
            // A random key fails the quality rules about 3 times in 10^12; draw again rather than fail.
            // A broken source that keeps producing weak keys is refused after a few draws.
            for (int attempt = 0; attempt < 4; attempt++) {
                random.nextBytes(k);
                if (weakness(k) == null) {
                    break;
                }
            }
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

    /**
     * Says why a 32-byte key is plainly not random, or null if it passes. The wording completes
     * "The master key is not random: it ..." and never quotes a byte of the key.
     */
    static String weakness(byte[] key) {
        boolean[] seen = new boolean[256];
        int distinct = 0;
        boolean printable = true;
        for (byte b : key) {
            int v = b & 0xff;
            if (!seen[v]) {
                seen[v] = true;
                distinct++;
            }
            printable &= v >= 0x20 && v <= 0x7e;
        }
        if (distinct == 1) {
            return "is " + key.length + " copies of one byte value";
        }
        if (distinct < MIN_DISTINCT_BYTES) {
            return "has only " + distinct + " distinct byte values where 32 random bytes have about 30";
        }
        if (printable) {
            return "consists of printable text characters only (a passphrase, or a key's text that was not decoded)";
        }
        for (int i = 0; i + 6 <= key.length; i++) {
            for (int j = i + 1; j + 6 <= key.length; j++) {
                if (Arrays.equals(key, i, i + 6, key, j, j + 6)) {
                    return "repeats a block of 6 bytes (at offsets " + i + " and " + j + ")";
                }
            }
        }
        for (int shift = 1; shift <= 24; shift++) {
            int same = 0;
            for (int i = 0; i + shift < key.length; i++) {
                if (key[i] == key[i + shift]) {
                    same++;
                }
            }
            if (same >= 8) {
                return "repeats itself: shifted by " + shift + " bytes it matches in " + same + " places";
            }
        }
        return null;
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
