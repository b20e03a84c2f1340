package com.daaisuite.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class Dbk1RoundTripTest {
    private static final boolean THOROUGH = Boolean.getBoolean("daai.thorough");
    private static final KeyProvider KEYS = KeyProviders.of(Fixtures.KEY, Fixtures.OTHER_KEY);

    /** One round trip: segment size, plaintext size, and a seed for content and chunkings. */
    record Case(int segmentSize, int size, long seed) {}

    private static Gen<Case> cases() {
        Gen<Integer> small = Generate.pick(List.of(4096, 4097, 5000, 8192, 16384, 65536));
        Gen<Integer> large = Generate.pick(List.of(1 << 20, 4 << 20));
        Gen<Integer> segmentSizes = Generate.frequency(Pair.of(12, small), Pair.of(1, large));
        // Sizes weighted to the boundaries: k*seg - 1, k*seg, k*seg + 1 for k = 0..4, and anything below 4 segments.
        Gen<int[]> shape = Generate.intArrays(Generate.constant(3), Generate.range(0, Integer.MAX_VALUE - 1));
        return segmentSizes.zip(shape, Generate.longRange(0, Long.MAX_VALUE - 1), (seg, s, seed) -> {
            int k = s[0] % 5;
            int kind = s[1] % 4;
            int size;
            if (kind == 3) {
                size = s[2] % (4 * seg + 2);
            } else {
                size = Math.max(0, k * seg + kind - 1);
            }
            if (seg > 65536) {
                size = Math.min(size, 3 * seg + 1); // keep the few large cases affordable
            }
            return new Case(seg, size, seed);
        }).describedAs(c -> "Case[segmentSize=" + c.segmentSize + ", size=" + c.size + ", seed=" + c.seed + "]");
    }

    @Test
    void everyPlaintextRoundTripsUnderAnyWriteAndReadChunking() {
        qt().withExamples(THOROUGH ? 2000 : 120).withShrinkCycles(20).forAll(cases()).checkAssert(c -> {
            if (Boolean.getBoolean("dbk1.printCases")) {
                System.out.println(c);
            }
            byte[] plaintext = Fixtures.plaintext(c.size, c.seed);
            Random chunks = new Random(c.seed ^ 0x5DEECE66DL);
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            Dbk1Options options = Dbk1Options.builder().segmentSize(c.segmentSize).random(new SecureRandom()).build();
            try {
                try (OutputStream o = Dbk1.encrypt(bo, Fixtures.KEY, Fixtures.TENANT, options)) {
                    Fixtures.writeChunked(o, plaintext, chunks, c.segmentSize);
                }
                byte[] archive = bo.toByteArray();
                assertThat(archive.length).isEqualTo(expectedLength(c.size, c.segmentSize, Fixtures.TENANT));
                byte[] back;
                try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(archive), KEYS, Fixtures.TENANT)) {
                    back = Fixtures.readChunked(in, chunks, c.segmentSize);
                }
                assertThat(back).isEqualTo(plaintext);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void archiveLengthIsHeaderPlusPlaintextPlusOneTagPerSegment() {
        for (int size : new int[] {0, 1, 4095, 4096, 4097, 8192, 8193}) {
            byte[] archive = Fixtures.encrypt(new byte[size], 4096);
            assertThat(archive.length).as("size %d", size).isEqualTo(expectedLength(size, 4096, Fixtures.TENANT));
        }
    }

    @Test
    void emptyPlaintextIsAHeaderAndOneTagAndDecryptsToNothing() throws IOException {
        byte[] archive = Fixtures.encrypt(new byte[0], 4096);
        assertThat(archive).hasSize(58 + Fixtures.TENANT.length() + 16);
        try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(archive), KEYS, Fixtures.TENANT)) {
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
        }
    }

    @Test
    void twoArchivesOfTheSamePlaintextShareNoCiphertext() throws IOException {
        byte[] plaintext = new byte[10000];
        byte[] a = encryptRandom(plaintext);
        byte[] b = encryptRandom(plaintext);
        Dbk1Header ha = Dbk1.readHeader(new ByteArrayInputStream(a));
        assertThat(Fixtures.slice(a, ha.headerLength(), a.length))
                .isNotEqualTo(Fixtures.slice(b, ha.headerLength(), b.length));
        assertThat(Fixtures.slice(a, ha.headerLength() - 39, ha.headerLength()))
                .as("salt and nonce prefix are fresh per archive")
                .isNotEqualTo(Fixtures.slice(b, ha.headerLength() - 39, ha.headerLength()));
    }

    @Test
    void readHeaderReportsTheFactsWithoutAKeyAndLeavesTheStreamAtTheFirstSegment() throws IOException {
        byte[] archive = Fixtures.encrypt(new byte[5000], 4096);
        ByteArrayInputStream in = new ByteArrayInputStream(archive);
        Dbk1Header h = Dbk1.readHeader(in);
        assertThat(h).isEqualTo(new Dbk1Header(1, 1, 4096, Fixtures.KEY.id(), Fixtures.TENANT,
                58 + Fixtures.TENANT.length()));
        assertThat(in.available()).isEqualTo(archive.length - h.headerLength());
        assertThat(Dbk1.hasMagic(archive, 4)).isTrue();
        assertThat(Dbk1.hasMagic(archive, 3)).isFalse();
        assertThat(Dbk1.hasMagic(new byte[] {0x1f, (byte) 0x8b, 8, 0}, 4)).isFalse();
    }

    @Test
    void retiredKeyDecryptsAnArchiveFoundByItsKeyId() throws IOException {
        byte[] archive = Fixtures.encrypt(new byte[100], 4096, Fixtures.TENANT, Fixtures.OTHER_KEY, 3);
        KeyProvider rotated = KeyProviders.of(Fixtures.KEY, Fixtures.OTHER_KEY);
        try (InputStream in = Dbk1.decrypt(new ByteArrayInputStream(archive), rotated, Fixtures.TENANT)) {
            assertThat(in.readAllBytes()).isEqualTo(new byte[100]);
        }
    }

    @Test
    void closeClosesTheUnderlyingStreamsAndIsIdempotent() throws IOException {
        boolean[] closed = new boolean[2];
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        OutputStream o = Dbk1.encrypt(sink, Fixtures.KEY, Fixtures.TENANT);
        o.write(1);
        o.close();
        o.close();
        assertThat(closed[0]).isTrue();
        int length = sink.size();
        assertThat(length).isEqualTo(expectedLength(1, Dbk1Options.DEFAULT_SEGMENT_SIZE, Fixtures.TENANT));
        InputStream source = new ByteArrayInputStream(sink.toByteArray()) {
            @Override
            public void close() {
                closed[1] = true;
            }
        };
        InputStream in = Dbk1.decrypt(source, KEYS, Fixtures.TENANT);
        assertThat(in.read()).isEqualTo(1);
        in.close();
        assertThat(closed[1]).isTrue();
    }

    static long expectedLength(long size, int segmentSize, String tenant) {
        long segments = size == 0 ? 1 : (size + segmentSize - 1) / segmentSize;
        return 58 + tenant.length() + size + 16 * segments;
    }

    private static byte[] encryptRandom(byte[] plaintext) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream o = Dbk1.encrypt(bo, Fixtures.KEY, Fixtures.TENANT,
                Dbk1Options.builder().segmentSize(4096).build())) {
            o.write(plaintext);
        }
        return bo.toByteArray();
    }
}
