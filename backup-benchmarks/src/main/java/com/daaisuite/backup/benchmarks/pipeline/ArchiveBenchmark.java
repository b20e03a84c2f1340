package com.daaisuite.backup.benchmarks.pipeline;

import com.daaisuite.backup.benchmarks.e2e.SyntheticTenant;
import com.daaisuite.backup.mongo.internal.archive.ArchiveEntry;
import com.daaisuite.backup.mongo.internal.archive.ArchiveHeader;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveReader;
import com.daaisuite.backup.mongo.internal.archive.ArchiveWriter;
import com.daaisuite.backup.mongo.internal.archive.CollectionMetadata;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The mongodump archive codec over 32 MB of invoices, employees and leads (about 30,000 documents
 * in three namespaces): the writer from document bytes to a dropping sink (length checks, CRC-64
 * per namespace, 64 KiB buffering), and the reader from an in-memory archive to document entries
 * (every check of the format, one array per document). Score: MB/s of documents (ops/s = MB/s).
 *
 * <p>Run: {@code java -jar backup-benchmarks/target/benchmarks.jar 'pipeline.ArchiveBenchmark'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Payloads.MB_PER_OP)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
public class ArchiveBenchmark {
    private final List<SyntheticTenant.Kind> kinds = new ArrayList<>();
    private final List<byte[]> documents = new ArrayList<>();
    private final List<CollectionMetadata> prelude = new ArrayList<>();
    private byte[] archive;

    @Setup(Level.Trial)
    public void setUp() {
        SyntheticTenant.generate(20261126L, Payloads.BYTES, (k, d) -> {
            kinds.add(k);
            documents.add(d);
        });
        for (SyntheticTenant.Kind k : SyntheticTenant.Kind.values()) {
            prelude.add(new CollectionMetadata("tenant", k.collection(), "", "collection"));
        }
        archive = SyntheticTenant.archivePayload(20261126L, Payloads.BYTES);
        System.out.printf("%n[archive] %d documents, %d archive bytes%n", documents.size(), archive.length);
    }

    @Benchmark
    public long writer() throws Exception {
        NullSink sink = new NullSink();
        try (ArchiveWriter w = new ArchiveWriter(sink, ArchiveHeader.of("5.0.0", "daai-backup benchmarks"), prelude)) {
            SyntheticTenant.Kind open = null;
            for (int i = 0; i < documents.size(); i++) {
                SyntheticTenant.Kind k = kinds.get(i);
                if (open != null && open != k) {
                    w.endNamespace("tenant", open.collection());
                }
                open = k;
                byte[] d = documents.get(i);
                w.writeDocument("tenant", k.collection(), d, 0, d.length);
            }
            w.endNamespace("tenant", open.collection());
            w.finish();
        }
        return sink.count();
    }

    @Benchmark
    public long reader() throws Exception {
        long n = 0;
        try (ArchiveReader r = new ArchiveReader(new ByteArrayInputStream(archive), ArchiveLimits.defaults(), "benchmark")) {
            for (ArchiveEntry e; (e = r.next()) != null; ) {
                if (e instanceof ArchiveEntry.Document d) {
                    n += d.bson().length;
                }
            }
        }
        return n;
    }
}
