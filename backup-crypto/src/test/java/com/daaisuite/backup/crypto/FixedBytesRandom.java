package com.daaisuite.backup.crypto;

import java.security.SecureRandom;

/**
 * A "random" source that hands out fixed bytes in order, so a test can reproduce a frozen salt
 * and nonce prefix through the only door the writer has: {@link Dbk1Options#random()}.
 */
final class FixedBytesRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private int at;

    FixedBytesRandom(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        bytes = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, bytes, o, p.length);
            o += p.length;
        }
    }

    @Override
    public void nextBytes(byte[] out) {
        if (at + out.length > bytes.length) {
            throw new IllegalStateException("the fixed bytes are used up: " + bytes.length + " were given");
        }
        System.arraycopy(bytes, at, out, 0, out.length);
        at += out.length;
    }

    /** Options whose writer draws exactly {@code salt} then {@code noncePrefix}. */
    static Dbk1Options options(int segmentSize, byte[] salt, byte[] noncePrefix) {
        return Dbk1Options.builder().segmentSize(segmentSize).random(new FixedBytesRandom(salt, noncePrefix)).build();
    }
}
