package com.daaisuite.backup.crypto;

import java.security.SecureRandom;

/**
 * Options for writing DBK1 archives. Immutable; build with {@link #builder()}.
 *
 * <p>Only the segment size is tunable: everything else in the format is fixed by the version.
 */
public final class Dbk1Options {
    /** Default plaintext segment size: 1 MiB. */
    public static final int DEFAULT_SEGMENT_SIZE = 1 << 20;
    /** Smallest allowed plaintext segment size: 4 KiB. */
    public static final int MIN_SEGMENT_SIZE = 4 << 10;
    /** Largest allowed plaintext segment size: 16 MiB. */
    public static final int MAX_SEGMENT_SIZE = 16 << 20;

    private static final Dbk1Options DEFAULTS = builder().build();

    private final int segmentSize;
    private final SecureRandom random;
    private final String archiveName;
    private final java.time.Instant createdAt;

    private Dbk1Options(Builder b) {
        this(b.segmentSize, b.random, null, null);
    }

    private Dbk1Options(int segmentSize, SecureRandom random, String archiveName, java.time.Instant createdAt) {
        this.segmentSize = segmentSize;
        this.random = random;
        this.archiveName = archiveName;
        this.createdAt = createdAt;
    }

    /**
     * These options for one archive bound to its name and creation time: the writer then writes
     * format version 2, whose authenticated header carries both, so the archive cannot be renamed or
     * moved onto another snapshot's name without a reader noticing (docs/dbk1.md, section 2).
     *
     * @param name the archive's file name: 1 to 255 printable ASCII characters (0x21..0x7E)
     * @param at the instant it is created for (stored to the millisecond)
     * @return options that write a bound archive
     * @throws IllegalArgumentException if the name is not 1..255 printable ASCII characters
     */
    public Dbk1Options boundTo(String name, java.time.Instant at) {
        com.daaisuite.backup.crypto.internal.Dbk1Format.nameBytes(name);
        java.util.Objects.requireNonNull(at, "at");
        return new Dbk1Options(segmentSize, random, name, at);
    }

    /** @return the name the archive is bound to, if {@link #boundTo} was used */
    public java.util.Optional<String> archiveName() {
        return java.util.Optional.ofNullable(archiveName);
    }

    /** @return the creation instant the archive is bound to, if {@link #boundTo} was used */
    public java.util.Optional<java.time.Instant> createdAt() {
        return java.util.Optional.ofNullable(createdAt);
    }

    /** @return the default options: 1 MiB segments, a default {@link SecureRandom} */
    public static Dbk1Options defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the plaintext segment size in bytes */
    public int segmentSize() {
        return segmentSize;
    }

    /** @return the source of salts and nonce prefixes */
    public SecureRandom random() {
        return random;
    }

    @Override
    public String toString() {
        return "Dbk1Options[segmentSize=" + segmentSize + (archiveName == null ? "" : ", boundTo=" + archiveName) + "]";
    }

    /** Builds {@link Dbk1Options}; validates at {@link #build()}. */
    public static final class Builder {
        private int segmentSize = DEFAULT_SEGMENT_SIZE;
        private SecureRandom random = new SecureRandom();

        private Builder() {}

        /**
         * @param bytes plaintext segment size, from {@value #MIN_SEGMENT_SIZE} to {@value #MAX_SEGMENT_SIZE}
         * @return this builder
         */
        public Builder segmentSize(int bytes) {
            this.segmentSize = bytes;
            return this;
        }

        /**
         * @param random source of salts and nonce prefixes; tests may pass a seeded one
         * @return this builder
         */
        public Builder random(SecureRandom random) {
            this.random = java.util.Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * @return the options
         * @throws com.daaisuite.backup.ConfigurationException if the segment size is out of range
         */
        public Dbk1Options build() {
            if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
                throw new com.daaisuite.backup.ConfigurationException("Dbk1Options.segmentSize must be between "
                        + MIN_SEGMENT_SIZE + " and " + MAX_SEGMENT_SIZE + " bytes, got " + segmentSize);
            }
            return new Dbk1Options(this);
        }
    }
}
