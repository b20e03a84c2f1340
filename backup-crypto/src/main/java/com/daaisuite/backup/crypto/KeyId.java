package com.daaisuite.backup.crypto;

import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The public fingerprint of a {@link MasterKey}: 8 bytes, written as 16 lower-case hex digits.
 *
 * <p>Every DBK1 header carries the id of the master key it was made with, so that after a key
 * rotation the right retired key is found, and an archive made with an unknown key fails with a
 * message that names it. The id is derived from the key with HMAC-SHA256 (see {@link
 * MasterKey#id()} and {@code docs/dbk1.md}); it reveals nothing usable about the key.
 */
public final class KeyId implements Comparable<KeyId> {
    /** Length of a key id in bytes. */
    public static final int LENGTH = 8;

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{16}");

    private final String hex;

    private KeyId(String hex) {
        this.hex = hex;
    }

    /**
     * Reads a key id from its 8 bytes.
     *
     * @param bytes exactly {@value #LENGTH} bytes
     * @return the key id
     * @throws IllegalArgumentException if the length is wrong
     */
    public static KeyId fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("A key id is " + LENGTH + " bytes, got " + bytes.length);
        }
        return new KeyId(HexFormat.of().formatHex(bytes));
    }

    /**
     * Parses a key id from 16 hex digits, as printed by {@link #toString()}.
     *
     * @param hex 16 hex digits, either case
     * @return the key id
     * @throws IllegalArgumentException if the text is not 16 hex digits
     */
    public static KeyId parse(String hex) {
        Objects.requireNonNull(hex, "hex");
        String lower = hex.trim().toLowerCase(java.util.Locale.ROOT);
        if (!HEX.matcher(lower).matches()) {
            throw new IllegalArgumentException("A key id is 16 hex digits, such as 3f9a0c11d2e4b871");
        }
        return new KeyId(lower);
    }

    /**
     * The 8 bytes of this id, a fresh copy.
     *
     * @return the id bytes
     */
    public byte[] toBytes() {
        return HexFormat.of().parseHex(hex);
    }

    /** @return the 16 lower-case hex digits */
    @Override
    public String toString() {
        return hex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyId other && other.hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    @Override
    public int compareTo(KeyId o) {
        return hex.compareTo(o.hex);
    }
}
