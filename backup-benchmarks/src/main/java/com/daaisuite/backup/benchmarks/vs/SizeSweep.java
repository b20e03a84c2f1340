package com.daaisuite.backup.benchmarks.vs;

import com.daaisuite.backup.benchmarks.e2e.ServerProcess;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.internal.ParallelGzipOutputStream;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.bson.RawBsonDocument;

/**
 * The archive-size sweep of issue 27 (docs/performance.md, "Archive size, round three"): for each
 * shape of the side-by-side harness, the size and CPU of {@code mongodump --archive --gzip} 100.11.0
 * against the library's whole backup (dump, gzip, DBK1, storage, in a warm JVM) at each candidate
 * level, and the compressor alone on mongodump's own uncompressed archive at each (level, strategy).
 *
 * <pre>
 * java -cp backup-benchmarks/target/benchmarks.jar com.daaisuite.backup.benchmarks.vs.SizeSweep \
 *     --tools target/mongo-tools [--shapes all] [--size-mb 80] [--runs 3] [--levels 6,7,8,9]
 * </pre>
 *
 * Prints one markdown table per measurement; sizes are exact, CPU figures are medians of
 * {@code --runs}. Not a test: a benchmark for a person to run and read.
 */
public final class SizeSweep {
    private static final Actor BENCH = Actor.user("benchmark");
    private static final String TENANT = "acme";
    private static final String DB = "tenant_acme";
    private static final int[] STRATEGIES = {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED};

    private final Path tools;
    private final Path work;
    private final List<Shape> shapes;
    private final long sizeMb;
    private final int runs;
    private final List<Integer> levels;
    private final MasterKey key;
    private MongoClient client;
    private final StringBuilder backupRows = new StringBuilder();
    private final StringBuilder deflateRows = new StringBuilder();

    private SizeSweep(Path tools, Path work, List<Shape> shapes, long sizeMb, int runs, List<Integer> levels) {
        this.tools = tools;
        this.work = work;
        this.shapes = shapes;
        this.sizeMb = sizeMb;
        this.runs = runs;
        this.levels = levels;
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = MasterKey.of(k);
    }

    /** @param args {@code --tools DIR [--work DIR] [--shapes LIST] [--size-mb N] [--runs N] [--levels L,L]} */
    public static void main(String[] args) throws Exception {
        Path tools = null;
        Path work = Path.of("backup-benchmarks/target/size-sweep");
        List<Shape> shapes = Shape.parse("all");
        long sizeMb = 80;
        int runs = 3;
        List<Integer> levels = List.of(6, 7, 8, 9);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tools" -> tools = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--shapes" -> shapes = Shape.parse(args[++i]);
                case "--size-mb" -> sizeMb = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--levels" -> levels = Stream.of(args[++i].split(",")).map(String::strip).map(Integer::parseInt).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: --tools DIR [--work DIR] [--shapes all|business,...] [--size-mb N] [--runs N] [--levels 6,7,8,9]");
            }
        }
        if (tools == null || !Files.isExecutable(tools.resolve("mongodump"))) {
            System.err.println("[size] mongodump is not in " + tools + ": pass --tools with the folder of the MongoDB Database Tools 100.x");
            System.exit(2);
        }
        new SizeSweep(tools, work, shapes, sizeMb, runs, levels).run();
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        long heapMb = Math.max(2048, sizeMb * 24);
        try (ServerProcess server = ServerProcess.start(VsMongoTools.serverJvmOptions(heapMb), heapMb, work.resolve("server.log"))) {
            client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(server.uri()))
                    .applyToSocketSettings(s -> s.readTimeout(10, TimeUnit.MINUTES)).build());
            try {
                for (Shape s : shapes) {
                    shape(s, server);
                }
            } finally {
                client.close();
            }
        }
        System.out.println("\nWhole backup (library, warm JVM, encrypted) against mongodump --archive --gzip; "
                + "medians of " + runs + " runs, CPU = process user+sys\n");
        System.out.println("| shape | what | archive bytes | size vs mongodump | CPU s | CPU vs mongodump |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.print(backupRows);
        System.out.println("\nThe compressor alone (ParallelGzipOutputStream, 2 threads, 1 MiB primed blocks) on mongodump's "
                + "uncompressed archive; medians of " + runs + " runs\n");
        System.out.println("| shape | level | strategy | gzip bytes | size vs mongodump's gzip | CPU s | MB/s of input per CPU-s |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.print(deflateRows);
    }

    private void shape(Shape shape, ServerProcess server) throws Exception {
        MongoDatabase db = client.getDatabase(DB);
        db.drop();
        load(db, shape);
        String name = shape.name().toLowerCase(Locale.ROOT);
        Path dir = Files.createDirectories(work.resolve(name));
        Path raw = dir.resolve("mongodump.archive");
        Path gz = dir.resolve("mongodump.archive.gz");
        ProcessHandle srv = server.handle();
        List<String> dumpRaw = List.of(tools.resolve("mongodump").toString(), "--uri=" + server.uri(), "--db=" + DB,
                "--archive=" + raw, "--quiet");
        List<String> dumpGz = List.of(tools.resolve("mongodump").toString(), "--uri=" + server.uri(), "--db=" + DB,
                "--archive=" + gz, "--gzip", "--quiet");
        Usage.run(dumpRaw, Map.of(), dir.resolve("mongodump.log"), srv, 900);
        double[] mdCpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            Files.deleteIfExists(gz);
            mdCpu[i] = Usage.run(dumpGz, Map.of(), dir.resolve("mongodump.log"), srv, 900).cpuSeconds();
        }
        long mdSize = Files.size(gz);
        double md = median(mdCpu);
        backupRows.append(String.format(Locale.ROOT, "| %s | mongodump --gzip | %,d | 1.000× | %.2f | 1.00× |%n", name, mdSize, md));

        Tenant tenant = Tenant.builder(TENANT).workspaceName(TENANT).databaseName(DB).build();
        for (int level : levels) {
            Path store = dir.resolve("store-" + level);
            double[] cpu = new double[runs];
            long size = 0;
            try (Backups backups = Backups.builder().source(MongoDatabaseSource.builder(client).build())
                    .storage(FileSystemStorageBackend.at(Files.createDirectories(store)))
                    .keys(KeyProviders.of(key)).tenants(TenantDirectory.of(List.of(tenant)))
                    .access((actor, permission, t) -> true).compressionLevel(level).build()) {
                backups.backupNow(BENCH, TENANT, "warm-up").await(Duration.ofMinutes(15));
                for (int i = 0; i < runs; i++) {
                    long c0 = processCpuNanos();
                    BackupResult r = backups.backupNow(BENCH, TENANT, "run").await(Duration.ofMinutes(15));
                    cpu[i] = (processCpuNanos() - c0) / 1e9;
                    size = r.snapshot().sizeBytes();
                }
            }
            deleteTree(store);
            double c = median(cpu);
            backupRows.append(String.format(Locale.ROOT, "| %s | backup, level %d | %,d | %.3f× | %.2f | %.2f× |%n",
                    name, level, size, (double) size / mdSize, c, c / md));
            // Each figure as soon as it is measured, with its bytes: a long run stopped early keeps what it measured.
            System.err.printf(Locale.ROOT, "[size] %s level %d: %,d bytes, %.3f× size; %.2f CPU-s, %.2f× CPU (mongodump %,d bytes, %.2f CPU-s)%n",
                    name, level, size, (double) size / mdSize, c, c / md, mdSize, md);
        }

        byte[] archive = Files.readAllBytes(raw);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int level : levels) {
                for (int strategy : STRATEGIES) {
                    double[] cpu = new double[runs];
                    long size = 0;
                    for (int i = -1; i < runs; i++) {
                        long c0 = processCpuNanos();
                        size = compress(archive, level, strategy, pool);
                        if (i >= 0) {
                            cpu[i] = (processCpuNanos() - c0) / 1e9;
                        }
                    }
                    double c = median(cpu);
                    System.err.printf(Locale.ROOT, "[size] %s deflate level %d %s: %,d bytes, %.3f×, %.2f CPU-s%n", name, level,
                            strategy == Deflater.FILTERED ? "filtered" : "default", size, (double) size / mdSize, c);
                    deflateRows.append(String.format(Locale.ROOT, "| %s | %d | %s | %,d | %.3f× | %.2f | %.0f |%n", name, level,
                            strategy == Deflater.FILTERED ? "filtered" : "default", size, (double) size / mdSize, c,
                            archive.length / 1e6 / c));
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    private static long compress(byte[] data, int level, int strategy, ExecutorService pool) throws IOException {
        long[] n = new long[1];
        OutputStream count = new OutputStream() {
            @Override
            public void write(int b) {
                n[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                n[0] += len;
            }
        };
        try (OutputStream gz = new ParallelGzipOutputStream(count, level, strategy, pool, 4, ParallelGzipOutputStream.DEFAULT_MEMBER_SIZE)) {
            for (int off = 0; off < data.length; off += 64 * 1024) {
                gz.write(data, off, Math.min(64 * 1024, data.length - off));
            }
        }
        return n[0];
    }

    private void load(MongoDatabase db, Shape shape) {
        Map<String, List<RawBsonDocument>> batches = new LinkedHashMap<>();
        InsertManyOptions unordered = new InsertManyOptions().ordered(false);
        // Seed 16, as the side-by-side harness: the same documents as its runs.
        shape.generate(sizeMb * 1_000_000L, 16, (c, d) -> {
            List<RawBsonDocument> b = batches.computeIfAbsent(c, x -> new ArrayList<>());
            b.add(new RawBsonDocument(d));
            if (b.size() == 1000) {
                db.getCollection(c, RawBsonDocument.class).insertMany(b, unordered);
                b.clear();
            }
        });
        batches.forEach((c, b) -> {
            if (!b.isEmpty()) {
                db.getCollection(c, RawBsonDocument.class).insertMany(b, unordered);
            }
        });
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
