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
    void manyMembersReadBackAsOneStreamWithGzipInputStream() throws IOException {
        byte[] in = data(5 * 65_536 + 123, 1);
        byte[] gz = gzip(in, 65_536, 10_000);
        assertThat(gunzip(new ByteArrayInputStream(gz))).isEqualTo(in);
        assertThat(gz.length).isLessThan(in.length / 2);
    }

    @Test
    void sizesAroundMemberBoundariesRoundTrip() throws IOException {
        int m = 4096;
        for (int n : new int[] {0, 1, m - 1, m, m + 1, 2 * m, 3 * m - 1, 7 * m + 5}) {
            byte[] in = data(n, n);
            assertThat(gunzip(new ByteArrayInputStream(gzip(in, m, 777)))).as("n=%d", n).isEqualTo(in);
            assertThat(gunzip(new ByteArrayInputStream(gzip(in, m, 1)))).as("n=%d single bytes", n).isEqualTo(in);
        }
    }

    @Test
    void everyMemberIsACompleteGzipMember() throws IOException {
        byte[] in = data(3 * 4096, 3);
        byte[] gz = gzip(in, 4096, 4096);
        int members = 0;
        for (int i = 0; i + 2 < gz.length; i++) {
            if ((gz[i] & 0xff) == 0x1f && (gz[i + 1] & 0xff) == 0x8b && gz[i + 2] == 8 && i + 9 < gz.length && (gz[i + 9] & 0xff) == 0xff) {
                members++;
            }
        }
        assertThat(members).isGreaterThanOrEqualTo(3);
        byte[] first = ParallelGzipOutputStream.member(in, 4096, 6);
        assertThat(gunzip(new ByteArrayInputStream(first))).isEqualTo(java.util.Arrays.copyOf(in, 4096));
    }

    @Test
    void readersThatReportNothingAvailableStillSeeEveryMember() throws IOException {
        // JDK-7036144: GZIPInputStream stops at a member boundary when available() is 0, unless wrapped.
        byte[] in = data(40 * 1024, 4);
        byte[] gz = gzip(in, 1024, 1024);
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
    void theGzipCommandReadsTheConcatenatedMembers(@TempDir Path dir) throws Exception {
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
        ParallelGzipOutputStream gz = new ParallelGzipOutputStream(broken, 1, POOL, 1, 1024);
        byte[] in = data(10 * 1024, 6);
        assertThatThrownBy(() -> {
            gz.write(in);
            gz.close();
        }).isInstanceOf(IOException.class).hasMessageContaining("disk full");
        assertThatThrownBy(() -> gz.write(1)).isInstanceOf(IOException.class);
    }
}
