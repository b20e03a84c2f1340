package com.daaisuite.backup.benchmarks.e2e;

import com.daaisuite.backup.benchmarks.e2e.E2eHarness.Sample;
import com.daaisuite.backup.benchmarks.pipeline.NullSink;
import com.daaisuite.backup.core.internal.ParallelGzipOutputStream;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.MasterKey;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The compress-and-encrypt stage rows of the end-to-end harness: the library's parallel gzip and DBK1
 * on a sample of the dumped payload, against {@code gzip} and {@code pigz -p 2} on the same bytes, and
 * a gzip level sweep.
 */
final class CompressStage {
    /** Times one body the way the harness times every row. */
    interface Measurer {
        Sample measure(String what, long level, E2eHarness.Body body) throws Exception;
    }

    private final E2eOptions o;
    private final Report report;
    private final MasterKey key;
    private final Measurer measurer;

    CompressStage(E2eOptions o, Report report, MasterKey key, Measurer measurer) {
        this.o = o;
        this.report = report;
        this.key = key;
        this.measurer = measurer;
    }

    void run(Path payload) throws Exception {
        // Chunks spread evenly over the payload, so that every collection is represented in its share.
        long total = Files.size(payload);
        long want = Math.min(total, o.stageMb * 1_000_000L);
        int chunk = 4 << 20;
        long chunks = Math.max(1, want / chunk);
        long stride = Math.max(chunk, total / chunks);
        Path prefix = payload.resolveSibling("payload-sample.bin");
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(payload);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(prefix), 1 << 20)) {
            byte[] buf = new byte[chunk];
            for (long c = 0; c < chunks; c++) {
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf, 0, (int) Math.min(chunk, total - c * stride));
                while (bb.hasRemaining() && in.read(bb, c * stride + bb.position()) > 0) {
                    // keep reading until the chunk is full
                }
                out.write(buf, 0, bb.position());
            }
        }
        long bytes = Files.size(prefix);
        boolean pigz = E2eTools.available("pigz");
        E2eHarness.log("== compress-and-encrypt stage on %.0f MB sampled evenly from the payload; pigz %s", bytes / 1e6,
                pigz ? "found" : "NOT found (install it: apt-get install pigz)");
        ExecutorService poolT = E2eTools.pool(o.threads);
        ExecutorService pool1 = E2eTools.pool(1);
        Dbk1.warmUp();
        try {
            // One untimed pass of each variant first: the first pass pays for JIT compilation and, for DBK1,
            // the JDK's slow GCM path until C2 compiles it.
            for (int level : o.stageLevels) {
                javaStage("warm-up", level, prefix, poolT, o.threads, true);
                javaStage("warm-up", level, prefix, pool1, 1, true);
                javaStage("warm-up", level, prefix, poolT, o.threads, false);
            }
            for (int level : o.stageLevels) {
                for (int r = 1; r <= o.runs; r++) {
                    Sample many = javaStage("stage: parallel gzip (" + o.threads + " threads) + DBK1", level, prefix, poolT, o.threads, true);
                    Sample one = javaStage("stage: parallel gzip (1 thread) + DBK1", level, prefix, pool1, 1, true);
                    Sample plain = javaStage("stage: parallel gzip (" + o.threads + " threads), no DBK1", level, prefix, poolT, o.threads, false);
                    Sample gzip = external("gzip -" + level, level, prefix, List.of("gzip", "-" + level, "-c", prefix.toString()));
                    report.pair("stage " + o.threads + " threads / 1 thread (DBK1 both)", level, one, many);
                    report.pair("stage with DBK1 / without (time ratio: 1.05 = +5%)", level, many, plain);
                    report.pair("gzip -" + level + " / stage 1 thread", level, one, gzip);
                    if (pigz) {
                        Sample p = external("pigz -p 2 -" + level, level, prefix,
                                List.of("pigz", "-p", "2", "-" + level, "-c", prefix.toString()));
                        report.pair("stage " + o.threads + " threads + DBK1 / pigz -p 2", level, p, many);
                        E2eHarness.log("level %d run %d: stage %.1f MB/s, 1 thread %.1f, no DBK1 %.1f, gzip %.1f, pigz %.1f", level, r,
                                many.mbps(), one.mbps(), plain.mbps(), gzip.mbps(), p.mbps());
                    } else {
                        E2eHarness.log("level %d run %d: stage %.1f MB/s, 1 thread %.1f, no DBK1 %.1f, gzip %.1f", level, r,
                                many.mbps(), one.mbps(), plain.mbps(), gzip.mbps());
                    }
                }
            }
            for (int level : o.sweepLevels) {
                Sample s = javaStage("level sweep: parallel gzip (" + o.threads + " threads) + DBK1", level, prefix, poolT, o.threads, true);
                report.sweep(level, s);
                E2eHarness.log("sweep level %d: %.1f MB/s, ratio %.2f", level, s.mbps(), s.bytes() / (double) s.extra());
            }
        } finally {
            poolT.shutdownNow();
            pool1.shutdownNow();
            Files.deleteIfExists(prefix);
        }
    }

    private Sample javaStage(String what, int level, Path input, ExecutorService pool, int threads, boolean dbk1) throws Exception {
        return measurer.measure(what, level, () -> {
            NullSink sink = new NullSink();
            long n = 0;
            try (InputStream in = Files.newInputStream(input);
                    OutputStream gz = new ParallelGzipOutputStream(dbk1 ? Dbk1.encrypt(sink, key, E2eHarness.TENANT, Dbk1Options.defaults()) : sink,
                            level, pool, 2 * threads, ParallelGzipOutputStream.DEFAULT_MEMBER_SIZE)) {
                byte[] buf = new byte[64 * 1024];
                for (int r; (r = in.read(buf)) >= 0; ) {
                    gz.write(buf, 0, r);
                    n += r;
                }
            }
            return new long[] {n, 0, sink.count()};
        });
    }

    private Sample external(String what, int level, Path input, List<String> cmd) throws Exception {
        long bytes = Files.size(input);
        return measurer.measure(what, level, () -> {
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) {
                throw new IOException(cmd + " exited with " + p.exitValue());
            }
            return new long[] {bytes, 0, 0};
        });
    }
}
