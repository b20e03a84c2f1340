package com.daaisuite.backup.benchmarks.pipeline;

import com.daaisuite.backup.benchmarks.e2e.SyntheticTenant;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Shared inputs and helpers of the pipeline benchmarks. */
final class Payloads {
    /** Payload bytes per benchmark operation: 32 MB, so that ops/s times 32 is MB/s. */
    static final int MB_PER_OP = 32;
    static final int BYTES = MB_PER_OP * 1_000_000;
    /** How the source writes into the pipeline: the archive writer flushes 64 KiB at a time. */
    static final int WRITE_SIZE = 64 * 1024;

    private Payloads() {}

    /** Exactly {@link #BYTES} of a realistic mongodump archive payload (a prefix of a slightly larger one). */
    static byte[] archivePrefix() {
        byte[] a = SyntheticTenant.archivePayload(20261126L, BYTES + 2_000_000);
        return Arrays.copyOf(a, BYTES);
    }

    /** A fixed pool like the library's compression pool ({@code Executors.newFixedThreadPool}). */
    static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-gzip");
            t.setDaemon(true);
            return t;
        });
    }

    /** The JDK's single-threaded gzip at a chosen level. */
    static OutputStream jdkGzip(OutputStream out, int level) throws IOException {
        return new GZIPOutputStream(out, WRITE_SIZE) {
            {
                def.setLevel(level);
            }
        };
    }

    static void writeAll(byte[] data, OutputStream out) throws IOException {
        for (int off = 0; off < data.length; off += WRITE_SIZE) {
            out.write(data, off, Math.min(WRITE_SIZE, data.length - off));
        }
    }

    /** @return compressed size of {@code data} at {@code level} with one Deflater, for the ratio line */
    static long deflatedSize(byte[] data, int level) {
        Deflater d = new Deflater(level, true);
        try {
            d.setInput(data);
            d.finish();
            byte[] buf = new byte[1 << 20];
            long n = 0;
            while (!d.finished()) {
                n += d.deflate(buf);
            }
            return n + 18;
        } finally {
            d.end();
        }
    }
}
