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
        // Eight bytes a step, each folded into its own table. Plain byte loads, not a VarHandle view: a
        // short command-line run spends most of its life interpreted or in C1 code, where a VarHandle
        // access costs a call per step (it was a third of a cold restore's samples).
        while (end - i >= 8) {
            c = t7[(int) ((c ^ b[i]) & 0xFF)] ^ t6[(int) (((c >>> 8) ^ b[i + 1]) & 0xFF)]
                    ^ t5[(int) (((c >>> 16) ^ b[i + 2]) & 0xFF)] ^ t4[(int) (((c >>> 24) ^ b[i + 3]) & 0xFF)]
                    ^ t3[(int) (((c >>> 32) ^ b[i + 4]) & 0xFF)] ^ t2[(int) (((c >>> 40) ^ b[i + 5]) & 0xFF)]
                    ^ t1[(int) (((c >>> 48) ^ b[i + 6]) & 0xFF)] ^ t0[(int) (((c >>> 56) ^ b[i + 7]) & 0xFF)];
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
