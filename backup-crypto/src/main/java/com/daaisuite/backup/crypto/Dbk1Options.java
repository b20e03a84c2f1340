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

    private Dbk1Options(Builder b) {
        this.segmentSize = b.segmentSize;
        this.random = b.random;
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
        return "Dbk1Options[segmentSize=" + segmentSize + "]";
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
