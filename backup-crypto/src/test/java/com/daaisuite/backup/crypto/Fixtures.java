package com.daaisuite.backup.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/** Keys, archives and chunked I/O shared by the DBK1 tests. */
final class Fixtures {
    static final MasterKey KEY = MasterKey.of(HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    static final MasterKey OTHER_KEY = MasterKey.of(HexFormat.of().parseHex(
            "f0e0d0c0b0a090807060504030201000ffeeddccbbaa99887766554433221100"));
    static final String TENANT = "acme-corp";

    private Fixtures() {}

    static byte[] plaintext(int size, long seed) {
        byte[] p = new byte[size];
        new Random(seed).nextBytes(p);
        return p;
    }

    /** Encrypts with fixed salt and nonce prefix derived from {@code seed}. */
    static byte[] encrypt(byte[] plaintext, int segmentSize, String tenant, MasterKey key, long seed) {
        Random r = new Random(seed);
        byte[] salt = new byte[32];
        byte[] prefix = new byte[7];
        r.nextBytes(salt);
        r.nextBytes(prefix);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream o = Dbk1.encrypt(bo, key, tenant, FixedBytesRandom.options(segmentSize, salt, prefix))) {
            o.write(plaintext);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bo.toByteArray();
    }

    static byte[] encrypt(byte[] plaintext, int segmentSize) {
        return encrypt(plaintext, segmentSize, TENANT, KEY, 7);
    }

    /** Writes in chunks whose sizes come from {@code chunks}. */
    static void writeChunked(OutputStream o, byte[] data, Random chunks, int segmentSize) throws IOException {
        int off = 0;
        while (off < data.length) {
            int n = Math.min(data.length - off, chunkSize(chunks, segmentSize));
            if (n == 1 && chunks.nextBoolean()) {
                o.write(data[off]);
            } else {
                o.write(data, off, n);
            }
            off += n;
        }
    }

    /** Reads everything in chunks whose sizes come from {@code chunks}. */
    static byte[] readChunked(InputStream in, Random chunks, int segmentSize) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        byte[] buf = new byte[3 * segmentSize + 7];
        while (true) {
            int want = chunkSize(chunks, segmentSize);
            if (want == 1 && chunks.nextBoolean()) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                bo.write(b);
                continue;
            }
            int n = in.read(buf, 0, Math.min(want, buf.length));
            if (n < 0) {
                break;
            }
            bo.write(buf, 0, n);
        }
        return bo.toByteArray();
    }

    /** Chunk sizes mixing single bytes, small runs, near-segment sizes and multi-segment runs. */
    static int chunkSize(Random r, int segmentSize) {
        switch (r.nextInt(5)) {
            case 0:
                return 1 + r.nextInt(17);
            case 1:
                return 1 + r.nextInt(Math.max(1, segmentSize / 3));
            case 2:
                return segmentSize - 1 + r.nextInt(3);
            case 3:
                return 1 + r.nextInt(3 * segmentSize);
            default:
                return 1 + r.nextInt(segmentSize);
        }
    }

    /**
     * Reads a possibly bad archive as far as it goes.
     *
     * @return the bytes released before the first failure, and the failure (null if none)
     */
    static Outcome readAll(byte[] archive, com.daaisuite.backup.crypto.spi.KeyProvider keys, String tenant) {
        // Alternate small reads (through the stream's buffer) and reads of whole segments (decrypted
        // straight into the caller's buffer), so both paths meet every kind of damage.
        return readAll(archive, keys, tenant, READS.getAndIncrement() % 2 == 0 ? 1000 : 3 * 4096 + 1);
    }

    private static final java.util.concurrent.atomic.AtomicInteger READS = new java.util.concurrent.atomic.AtomicInteger();

    static Outcome readAll(byte[] archive, com.daaisuite.backup.crypto.spi.KeyProvider keys, String tenant,
            int bufferSize) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(archive), keys, tenant)) {
            byte[] buf = new byte[bufferSize];
            int n;
            while ((n = in.read(buf)) >= 0) {
                got.write(buf, 0, n);
            }
            return new Outcome(got.toByteArray(), null);
        } catch (RuntimeException | IOException e) {
            return new Outcome(got.toByteArray(), e);
        }
    }

    record Outcome(byte[] released, Exception failure) {
        @Override
        public String toString() {
            return "Outcome[released=" + released.length + " bytes, failure=" + failure + "]";
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] slice(byte[] b, int from, int to) {
        return Arrays.copyOfRange(b, from, to);
    }
}
