package com.daaisuite.backup.mongo.internal.archive;

/**
 * CRC-64/XZ (Go's {@code hash/crc64} with the {@code crc64.ECMA} table), the checksum mongodump
 * stores in each namespace's EOF block. Reflected polynomial 0xC96C5795D7870F42, init and xorout
 * all ones; check value CRC("123456789") = 0x995DC9BBDF1939FA.
 *
 * <p>Slicing-by-8: the JDK has no CRC-64 and a byte-at-a-time table loop is the bottleneck when
 * every restored byte must be checksummed.
 */
public final class Crc64 {
    private static final long POLY = 0xC96C5795D7870F42L;
    private static final long[][] T = new long[8][256];
    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    static {
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
            }
            T[0][i] = c;
        }
        for (int i = 0; i < 256; i++) {
            long c = T[0][i];
            for (int s = 1; s < 8; s++) {
                c = T[0][(int) (c & 0xFF)] ^ (c >>> 8);
                T[s][i] = c;
            }
        }
    }

    private long crc = -1L;

    public void update(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", array " + b.length);
        }
        long c = crc;
        int i = off;
        int end = off + len;
        long[] t0 = T[0], t1 = T[1], t2 = T[2], t3 = T[3], t4 = T[4], t5 = T[5], t6 = T[6], t7 = T[7];
        // A VarHandle view, measured: C2 runs it at ~1.9 GB/s, eight plain byte loads at ~0.5 GB/s (their range
        // checks stay in the loop). The CLI launcher has this method compiled by C2 early.
        while (end - i >= 8) {
            c ^= (long) LONG_LE.get(b, i);
            c = t7[(int) (c & 0xFF)] ^ t6[(int) ((c >>> 8) & 0xFF)] ^ t5[(int) ((c >>> 16) & 0xFF)]
                    ^ t4[(int) ((c >>> 24) & 0xFF)] ^ t3[(int) ((c >>> 32) & 0xFF)]
                    ^ t2[(int) ((c >>> 40) & 0xFF)] ^ t1[(int) ((c >>> 48) & 0xFF)] ^ t0[(int) (c >>> 56)];
            i += 8;
        }
        while (i < end) {
            c = t0[(int) ((c ^ b[i]) & 0xFF)] ^ (c >>> 8);
            i++;
        }
        crc = c;
    }

    public void update(byte[] b) {
        update(b, 0, b.length);
    }

    /** The CRC of everything so far, as the signed int64 that the EOF header stores. */
    public long getValue() {
        return ~crc;
    }

    public void reset() {
        crc = -1L;
    }

    /** One-shot convenience. */
    public static long of(byte[] b) {
        Crc64 c = new Crc64();
        c.update(b, 0, b.length);
        return c.getValue();
    }
}
