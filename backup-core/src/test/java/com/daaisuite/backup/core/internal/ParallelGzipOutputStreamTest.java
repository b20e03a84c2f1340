package com.daaisuite.backup.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelGzipOutputStreamTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    /** Compressible, BSON-like bytes. */
    static byte[] data(int n, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[n];
        String[] words = {"_id", "name", "amount", "2026-11-26", "invoice", "customer", "\u0000\u0001", "status"};
        int i = 0;
        while (i < n) {
            byte[] w = (words[r.nextInt(words.length)] + r.nextInt(1000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int k = Math.min(w.length, n - i);
            System.arraycopy(w, 0, b, i, k);
            i += k;
        }
        return b;
    }

    static byte[] gzip(byte[] in, int memberSize, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, POOL, 4, memberSize)) {
            for (int i = 0; i < in.length; i += chunk) {
                gz.write(in, i, Math.min(chunk, in.length - i));
            }
        }
        return out.toByteArray();
    }

    static byte[] gunzip(InputStream in) throws IOException {
        try (GZIPInputStream g = new GZIPInputStream(in, 64 * 1024)) {
            return g.readAllBytes();
        }
    }

    @Test
    void manyBlocksReadBackWithGzipInputStream() throws IOException {
        byte[] in = data(5 * 65_536 + 123, 1);
        byte[] gz = gzip(in, 65_536, 10_000);
        assertThat(gunzip(new ByteArrayInputStream(gz))).isEqualTo(in);
        assertThat(gz.length).isLessThan(in.length / 2);
    }

    @Test
    void aLongStreamReusesItsBlockBuffersWithoutOneBlockOverwritingAnother() throws IOException {
        // 300 distinct blocks through 2 in flight: each input buffer is refilled many times, and a refill
        // before its block was compressed would corrupt the stream (the reader checks the CRC-32).
        int block = ParallelGzipOutputStream.WINDOW;
        byte[] in = data(300 * block + 17, 42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 1, POOL, 2, block)) {
            for (int i = 0; i < in.length; i += 4_099) {
                gz.write(in, i, Math.min(4_099, in.length - i));
            }
        }
        assertThat(gunzip(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(in);
    }

    @Test
    void theDefaultBlockIsNeverAHumongousAllocationInG1() {
        // G1's smallest region is 1 MiB; an object of half a region or more is humongous.
        assertThat(ParallelGzipOutputStream.DEFAULT_MEMBER_SIZE + ParallelGzipOutputStream.DEFAULT_MEMBER_SIZE / 1000 + 64)
                .isLessThan(512 * 1024);
    }

    @Test
    void sizesAroundMemberBoundariesRoundTrip() throws IOException {
        int m = ParallelGzipOutputStream.WINDOW;
        for (int n : new int[] {0, 1, m - 1, m, m + 1, 2 * m, 3 * m - 1, 7 * m + 5}) {
            byte[] in = data(n, n);
            assertThat(gunzip(new ByteArrayInputStream(gzip(in, m, 777)))).as("n=%d", n).isEqualTo(in);
            assertThat(gunzip(new ByteArrayInputStream(gzip(in, m, 1)))).as("n=%d single bytes", n).isEqualTo(in);
        }
    }

    @Test
    void theBlocksFormOneGzipMemberWithTheWholeInputsCrcAndLength() throws IOException {
        byte[] in = data(3 * 65_536 + 17, 3);
        byte[] gz = gzip(in, 65_536, 65_536);
        int headers = 0;
        for (int i = 0; i + 9 < gz.length; i++) {
            if ((gz[i] & 0xff) == 0x1f && (gz[i + 1] & 0xff) == 0x8b && gz[i + 2] == 8 && gz[i + 3] == 0 && (gz[i + 9] & 0xff) == 0xff) {
                headers++;
            }
        }
        assertThat(headers).as("gzip member headers").isEqualTo(1);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(in);
        java.nio.ByteBuffer trailer = java.nio.ByteBuffer.wrap(gz, gz.length - 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(trailer.getInt() & 0xffffffffL).isEqualTo(crc.getValue());
        assertThat(trailer.getInt()).isEqualTo(in.length);
    }

    @Test
    void primingEachBlockWithThePreviousWindowCompressesAsWellAsOneThreadedStream() throws IOException {
        // Repetition at distances below the window but across block cuts: what independent members lose.
        byte[] in = data(16 * 65_536, 7);
        byte[] primed = gzip(in, 65_536, 65_536);
        // Independent members, one per block (what this stream wrote before); closing a member leaves the byte array open.
        ByteArrayOutputStream unprimed = new ByteArrayOutputStream();
        for (int off = 0; off < in.length; off += 65_536) {
            try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(unprimed)) {
                g.write(in, off, 65_536);
            }
        }
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        java.util.zip.Deflater d = new java.util.zip.Deflater(6, true);
        try (java.util.zip.DeflaterOutputStream s = new java.util.zip.DeflaterOutputStream(single, d, 65_536)) {
            s.write(in);
        }
        d.end();
        System.out.printf("primed %d, independent members %d, one stream %d%n", primed.length, unprimed.size(), single.size());
        assertThat(primed.length).isLessThan(unprimed.size());
        // One stream of the same level is the yardstick: a cut costs a sync-flush marker and a fresh Huffman block.
        assertThat((double) primed.length).isLessThanOrEqualTo(single.size() * 1.005);
    }

    @Test
    void aLastBlockPrimedWithADictionaryDecodesOnlyAfterItsPredecessor() throws IOException {
        byte[] in = data(2 * 65_536, 8);
        byte[] first = ParallelGzipOutputStream.block(in, 65_536, null, 6, false);
        byte[] second = ParallelGzipOutputStream.block(java.util.Arrays.copyOfRange(in, 65_536, 2 * 65_536), 65_536,
                java.util.Arrays.copyOfRange(in, 65_536 - ParallelGzipOutputStream.WINDOW, 65_536), 6, true);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(first);
        raw.write(second);
        java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
        try (java.util.zip.InflaterInputStream s = new java.util.zip.InflaterInputStream(new ByteArrayInputStream(raw.toByteArray()), inf)) {
            assertThat(s.readAllBytes()).isEqualTo(in);
        } finally {
            inf.end();
        }
    }

    @Test
    void blocksSmallerThanTheWindowAreRefused() {
        assertThatThrownBy(() -> new ParallelGzipOutputStream(new ByteArrayOutputStream(), 6, POOL, 1, 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32768");
    }

    @Test
    void readersThatReportNothingAvailableStillSeeEveryMember() throws IOException {
        // JDK-7036144: GZIPInputStream stops at a member boundary when available() is 0, unless wrapped.
        byte[] in = data(200 * 1024, 4);
        byte[] gz = gzip(in, 32 * 1024, 1024);
        InputStream stingy = new FilterInputStream(new ByteArrayInputStream(gz)) {
            @Override
            public int available() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 37));
            }
        };
        assertThat(gunzip(new ArchiveFormat.EofAwareInputStream(stingy))).isEqualTo(in);
    }

    @Test
    void theGzipCommandReadsTheStream(@TempDir Path dir) throws Exception {
        Path gzipBin = Path.of("/usr/bin/gzip");
        assumeTrue(Files.isExecutable(gzipBin), "gzip is not installed");
        byte[] in = data(300_000, 5);
        Path f = dir.resolve("p.gz");
        Files.write(f, gzip(in, 65_536, 8192));
        Process p = new ProcessBuilder(gzipBin.toString(), "-dc", f.toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo(in);
    }

    @Test
    void aFailingDownstreamFailsTheWriterAndLaterCalls() throws IOException {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        ParallelGzipOutputStream gz = new ParallelGzipOutputStream(broken, 1, POOL, 1, 32 * 1024);
        byte[] in = data(320 * 1024, 6);
        assertThatThrownBy(() -> {
            gz.write(in);
            gz.close();
        }).isInstanceOf(IOException.class).hasMessageContaining("disk full");
        assertThatThrownBy(() -> gz.write(1)).isInstanceOf(IOException.class);
    }
}
