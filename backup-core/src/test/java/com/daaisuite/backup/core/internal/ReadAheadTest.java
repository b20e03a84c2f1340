package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The read-ahead stream delivers exactly what a direct read would: the same bytes, then the same failure. */
class ReadAheadTest {

    /** A stream that returns short reads of random length and fails after {@code failAt} bytes, if not negative. */
    private static InputStream choppy(byte[] data, long seed, int failAt, RuntimeException runtimeFailure) {
        Random r = new Random(seed);
        return new InputStream() {
            int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (failAt >= 0 && pos >= failAt) {
                    if (runtimeFailure != null) {
                        throw runtimeFailure;
                    }
                    throw new IOException("tag mismatch in the last segment");
                }
                if (pos == data.length) {
                    return -1;
                }
                int limit = failAt >= 0 ? failAt : data.length;
                int n = Math.min(Math.min(len, 1 + r.nextInt(100_000)), limit - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    private static byte[] readAllInOddSizes(InputStream in, ByteArrayOutputStream got, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] buf = new byte[70_000];
        while (true) {
            if (r.nextInt(10) == 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                got.write(b);
                continue;
            }
            int n = in.read(buf, 0, 1 + r.nextInt(buf.length - 1));
            if (n < 0) {
                break;
            }
            got.write(buf, 0, n);
        }
        return got.toByteArray();
    }

    @Test
    void deliversExactlyTheBytesOfTheUnderlyingStreamForManySizesAndSeeds() throws IOException {
        for (long seed = 1; seed <= 40; seed++) {
            Random r = new Random(seed);
            byte[] data = new byte[r.nextInt(4) == 0 ? r.nextInt(10) : r.nextInt(3_000_000)];
            r.nextBytes(data);
            try (InputStream in = ReadAhead.of(choppy(data, seed, -1, null), "test")) {
                assertThat(readAllInOddSizes(in, new ByteArrayOutputStream(), seed)).as("seed %d", seed).isEqualTo(data);
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void aFailureIsThrownAsItWasAfterEveryByteBeforeIt() throws IOException {
        byte[] data = new byte[1_000_000];
        new Random(7).nextBytes(data);
        for (int failAt : new int[] {0, 1, 65_535, 65_536, 65_537, 999_999}) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (InputStream in = ReadAhead.of(choppy(data, failAt, failAt, null), "test")) {
                assertThatThrownBy(() -> readAllInOddSizes(in, got, failAt)).isInstanceOf(IOException.class)
                        .hasMessage("tag mismatch in the last segment");
                assertThat(got.toByteArray()).as("bytes before a failure at %d", failAt)
                        .isEqualTo(java.util.Arrays.copyOf(data, failAt));
            }
        }
    }

    @Test
    void anUncheckedFailureKeepsItsIdentity() throws IOException {
        IllegalStateException boom = new IllegalStateException("the end of the archive failed authentication");
        try (InputStream in = ReadAhead.of(choppy(new byte[200_000], 3, 150_000, boom), "test")) {
            assertThatThrownBy(() -> readAllInOddSizes(in, new ByteArrayOutputStream(), 3)).isSameAs(boom);
        }
    }

    @Test
    void closingEarlyStopsTheReadAheadThread() throws Exception {
        byte[] data = new byte[50_000_000];
        InputStream in = ReadAhead.of(new ByteArrayInputStream(data), "daai-test-read-ahead");
        assertThat(in.read(new byte[10], 0, 10)).isPositive();
        in.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("daai-test-read-ahead"));
    }
}
