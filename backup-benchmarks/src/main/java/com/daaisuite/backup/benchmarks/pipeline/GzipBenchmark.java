package com.daaisuite.backup.benchmarks.pipeline;

import com.daaisuite.backup.core.internal.ParallelGzipOutputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gzip of a realistic 32 MB mongodump payload: the JDK's {@code GZIPOutputStream} on one thread,
 * and the library's {@link ParallelGzipOutputStream} (blocks of {@code blockSize}, each primed with the previous block's
 * window: the default 256 KiB and the former 1 MiB, {@code -p blockSize=...}) with one and with
 * two compression threads, configured as the library configures it (a fixed pool, twice as many
 * members in flight as threads). The score is MB/s of uncompressed input (ops/s = MB/s).
 *
 * <p>Run: {@code java -jar backup-benchmarks/target/benchmarks.jar 'pipeline.GzipBenchmark'}; other
 * levels with {@code -p level=1,3,6,9}. Level 6 is the library's default
 * ({@code BackupsSettings.DEFAULT_COMPRESSION_LEVEL}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Payloads.MB_PER_OP)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
public class GzipBenchmark {

    @Param({"1", "6"})
    public int level;

    /** Input bytes per block: the library's default, and the 1 MiB it used before issue 27's last round. */
    @Param({"262144", "1048576"})
    public int blockSize;

    private byte[] payload;
    private ExecutorService pool1;
    private ExecutorService pool2;

    @Setup(Level.Trial)
    public void setUp() {
        payload = Payloads.archivePrefix();
        pool1 = Payloads.pool(1);
        pool2 = Payloads.pool(2);
        long c = Payloads.deflatedSize(payload, level);
        System.out.printf("%n[payload] %d bytes, gzip level %d: %d bytes, ratio %.2f%n", payload.length, level, c,
                payload.length / (double) c);
        try {
            System.out.printf("[blocks] %d-byte blocks, primed: %d bytes%n", blockSize, members(pool2, 2));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool1.shutdownNow();
        pool2.shutdownNow();
    }

    /** The JDK's GZIPOutputStream: one thread does everything. */
    @Benchmark
    public long jdkGzip() throws Exception {
        NullSink sink = new NullSink();
        try (OutputStream gz = Payloads.jdkGzip(sink, level)) {
            Payloads.writeAll(payload, gz);
        }
        return sink.count();
    }

    /** The library's member stream with one compression thread (compressionThreads = 1). */
    @Benchmark
    public long members1Thread() throws Exception {
        return members(pool1, 1);
    }

    /** The library's member stream with two compression threads (the default on this 2-core machine). */
    @Benchmark
    public long members2Threads() throws Exception {
        return members(pool2, 2);
    }

    private long members(ExecutorService pool, int threads) throws Exception {
        NullSink sink = new NullSink();
        try (OutputStream gz = new ParallelGzipOutputStream(sink, level, pool, 2 * threads, blockSize)) {
            Payloads.writeAll(payload, gz);
        }
        return sink.count();
    }
}
