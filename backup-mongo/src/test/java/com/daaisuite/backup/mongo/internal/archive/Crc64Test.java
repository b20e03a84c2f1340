package com.daaisuite.backup.mongo.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {
    /** Bit-at-a-time reference straight from the CRC-64/XZ parameters, to check the sliced tables. */
    private static long reference(byte[] b, int off, int len) {
        long crc = -1L;
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xC96C5795D7870F42L : crc >>> 1;
            }
        }
        return ~crc;
    }

    @Test
    void checkValueOf123456789IsTheCrc64XzCheckValue() {
        assertThat(Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x995DC9BBDF1939FAL);
    }

    @Test
    void emptyInputHasCrcZeroLikeAnEmptyNamespace() {
        assertThat(new Crc64().getValue()).isZero();
        assertThat(Crc64.of(new byte[0])).isZero();
    }

    @Test
    void resetStartsOver() {
        Crc64 c = new Crc64();
        c.update("garbage".getBytes(StandardCharsets.US_ASCII));
        c.reset();
        c.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat(c.getValue()).isEqualTo(0x995DC9BBDF1939FAL);
    }

    @Test
    void slicedTablesEqualTheBitwiseDefinitionForAnySplitOfAnyInput() {
        qt().withExamples(300).forAll(longs().all(), integers().between(0, 3000)).checkAssert((seed, size) -> {
            Random r = new Random(seed);
            byte[] data = new byte[size];
            r.nextBytes(data);
            int split = size == 0 ? 0 : r.nextInt(size + 1);
            Crc64 c = new Crc64();
            c.update(data, 0, split);
            c.update(data, split, size - split);
            assertThat(c.getValue()).as("seed %d size %d split %d", seed, size, split).isEqualTo(reference(data, 0, size));
        });
    }
}
