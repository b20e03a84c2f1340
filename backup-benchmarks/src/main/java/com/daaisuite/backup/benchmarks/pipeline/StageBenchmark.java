package com.daaisuite.backup.benchmarks.pipeline;

import com.daaisuite.backup.core.internal.ParallelGzipOutputStream;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.MasterKey;
import java.io.OutputStream;
import java.security.SecureRandom;
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
 * The whole compress-and-encrypt stage of a backup, as the library wires it: payload bytes into
 * {@link ParallelGzipOutputStream}, whose members go into a DBK1 encrypting stream (default 1 MiB
 * segments), into a sink that drops the bytes. Compared with {@link GzipBenchmark} (the same stage
 * without DBK1) it shows what encryption adds; {@code members1ThreadDbk1} and {@code jdkGzipDbk1}
 * are the one-thread baselines of the 1.8× target.
 *
 * <p>{@code Dbk1.warmUp()} runs in the set-up, as the library does before its first backup. Score:
 * MB/s of uncompressed input (ops/s = MB/s).
 *
 * <p>Run: {@code java -jar backup-benchmarks/target/benchmarks.jar 'pipeline.(Gzip|Stage)Benchmark'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Payloads.MB_PER_OP)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
public class StageBenchmark {

    @Param({"1", "6"})
    public int level;

    private byte[] payload;
    private ExecutorService pool1;
    private ExecutorService pool2;
    private MasterKey key;
    private final Dbk1Options options = Dbk1Options.defaults();

    @Setup(Level.Trial)
    public void setUp() {
        payload = Payloads.archivePrefix();
        pool1 = Payloads.pool(1);
        pool2 = Payloads.pool(2);
        key = MasterKey.generate(new SecureRandom());
        Dbk1.warmUp();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool1.shutdownNow();
        pool2.shutdownNow();
    }

    /** Parallel gzip members on two threads, then DBK1: the library's default stage here. */
    @Benchmark
    public long members2ThreadsDbk1() throws Exception {
        return members(pool2, 2);
    }

    /** The same stage with one compression thread (compressionThreads = 1). */
    @Benchmark
    public long members1ThreadDbk1() throws Exception {
        return members(pool1, 1);
    }

    /** The JDK's single-threaded GZIPOutputStream, then DBK1. */
    @Benchmark
    public long jdkGzipDbk1() throws Exception {
        NullSink sink = new NullSink();
        try (OutputStream gz = Payloads.jdkGzip(Dbk1.encrypt(sink, key, "bench-tenant", options), level)) {
            Payloads.writeAll(payload, gz);
        }
        return sink.count();
    }

    private long members(ExecutorService pool, int threads) throws Exception {
        NullSink sink = new NullSink();
        try (OutputStream gz = new ParallelGzipOutputStream(Dbk1.encrypt(sink, key, "bench-tenant", options), level, pool,
                2 * threads, ParallelGzipOutputStream.DEFAULT_MEMBER_SIZE)) {
            Payloads.writeAll(payload, gz);
        }
        return sink.count();
    }
}
