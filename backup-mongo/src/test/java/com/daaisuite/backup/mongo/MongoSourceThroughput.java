package com.daaisuite.backup.mongo;

import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.RestoreTarget;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * A first throughput figure, not a test: dump vs a bare raw-BSON {@code find()} scan, restore vs a bare
 * unordered {@code insertMany} loader, on mongo-java-server, in the same JVM (server and client share the heap and
 * CPU) or in its own process ({@link MongoServerMain}). Run: {@code java -cp <test classpath>
 * com.daaisuite.backup.mongo.MongoSourceThroughput [docs] [rounds] [mongodb://host:port]}.
 */
public final class MongoSourceThroughput {

    public static void main(String[] args) throws Exception {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String uri = args.length > 2 ? args[2] : null;
        InProcessMongo inProcess = uri == null ? new InProcessMongo() : null;
        try (MongoClient client = MongoClients.create(uri != null ? uri : inProcess.uri())) {
            MongoDatabaseSource source = MongoDatabaseSource.builder(client).build();
            long bytes = DOC_BYTES * (long) docs;
            System.out.printf("%d documents, %.1f MB of BSON, 2 collections, server %s, client max heap %d MiB%n", docs,
                    bytes / 1e6, uri == null ? "in this JVM" : uri, Runtime.getRuntime().maxMemory() >> 20);
            MongoDatabase src = client.getDatabase("bench_src");
            src.drop();
            bareLoad(src, docs);

            for (int r = 0; r < rounds; r++) {
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                long scanned = bareScan(src);
                long t1 = System.nanoTime();
                long c1 = cpuNanos();
                CountingSink sink = new CountingSink();
                source.dump("bench_src", sink, ProgressListener.NONE);
                long t2 = System.nanoTime();
                long c2 = cpuNanos();
                System.out.printf("round %d: bare scan %.1f MB/s, dump %.1f MB/s (payload %.1f MB), dump/scan %.2f, "
                        + "client CPU s: scan %.2f dump %.2f, heap used %d MiB%n",
                        r, mbps(scanned, t1 - t0), mbps(bytes, t2 - t1), sink.count / 1e6, (double) (t1 - t0) / (t2 - t1),
                        (c1 - c0) / 1e9, (c2 - c1) / 1e9, usedMiB());
            }
            Path payload = Files.createTempFile("bench", ".archive");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(payload), 1 << 16)) {
                    source.dump("bench_src", out, ProgressListener.NONE);
                }
                src.drop();
                for (int r = 0; r < rounds; r++) {
                    MongoDatabase bare = client.getDatabase("bench_bare");
                    long c0 = cpuNanos();
                    long t0 = System.nanoTime();
                    bareLoad(bare, docs);
                    long t1 = System.nanoTime();
                    long c1 = cpuNanos();
                    bare.drop();
                    long c2 = cpuNanos();
                    long t2 = System.nanoTime();
                    try (InputStream in = new BufferedInputStream(Files.newInputStream(payload), 1 << 16)) {
                        source.restore(in, RestoreTarget.mapping("bench_src", "bench_dst"), ProgressListener.NONE);
                    }
                    long t3 = System.nanoTime();
                    long c3 = cpuNanos();
                    System.out.printf("round %d: bare insertMany %.1f MB/s, restore %.1f MB/s, restore/bare %.2f, "
                            + "client CPU s: bare %.2f restore %.2f, heap used %d MiB%n",
                            r, mbps(bytes, t1 - t0), mbps(bytes, t3 - t2), (double) (t1 - t0) / (t3 - t2),
                            (c1 - c0) / 1e9, (c3 - c2) / 1e9, usedMiB());
                    client.getDatabase("bench_dst").drop();
                }
            } finally {
                Files.deleteIfExists(payload);
            }
        } finally {
            if (inProcess != null) {
                inProcess.close();
            }
        }
    }

    private static final int DOC_BYTES = document(0, new Random(0)).getByteBuffer().remaining();

    /** CPU time of this (client) process: a steadier figure than wall time on a shared machine. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedMiB() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    static RawBsonDocument document(int i, Random random) {
        byte[] blob = new byte[700];
        random.nextBytes(blob);
        BsonDocument d = new BsonDocument("_id", new BsonInt32(i)).append("name", new BsonString(String.format("customer %09d", i)))
                .append("n", new BsonInt32(random.nextInt())).append("blob", new BsonBinary(blob))
                .append("text", new BsonString("x".repeat(200)));
        return new RawBsonDocument(d, new BsonDocumentCodec());
    }

    /** The baseline loader: single thread, 1000-document unordered insertMany, documents made as it goes. */
    static void bareLoad(MongoDatabase db, int docs) {
        Random random = new Random(42);
        for (int i = 0; i < docs; i += 1000) {
            List<RawBsonDocument> batch = new ArrayList<>(1000);
            for (int j = i; j < Math.min(docs, i + 1000); j++) {
                batch.add(document(j, random));
            }
            String coll = i < docs / 2 ? "a" : "b";
            db.getCollection(coll, RawBsonDocument.class).insertMany(batch, new InsertManyOptions().ordered(false));
        }
    }

    /** The baseline scan: raw BSON, batch sized to about 8 MiB. */
    static long bareScan(MongoDatabase db) {
        long bytes = 0;
        for (String name : List.of("a", "b")) {
            for (RawBsonDocument d : db.getCollection(name, RawBsonDocument.class).find().batchSize(8 * 1024 * 1024 / DOC_BYTES)) {
                bytes += d.getByteBuffer().remaining();
            }
        }
        return bytes;
    }

    private static double mbps(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    private MongoSourceThroughput() {}
}
