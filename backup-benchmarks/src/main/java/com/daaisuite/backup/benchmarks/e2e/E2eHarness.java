package com.daaisuite.backup.benchmarks.e2e;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.BackupsSettings;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.internal.ParallelGzipOutputStream;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.Dbk1;
import com.daaisuite.backup.crypto.Dbk1Options;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.crypto.MasterKey;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.mongo.internal.archive.ArchiveEntry;
import com.daaisuite.backup.mongo.internal.archive.ArchiveLimits;
import com.daaisuite.backup.mongo.internal.archive.ArchiveReader;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * The end-to-end harness. For each database size (a small one, then the large one) it starts a
 * MongoDB wire-protocol server in a child JVM, loads a synthetic tenant, and measures side by side,
 * run after run: a bare raw-BSON scan and a backup through the public {@link Backups} API
 * (MongoDatabaseSource, parallel gzip, DBK1, FileSystemStorageBackend), then a bare unordered
 * insertMany loader and a restore through the API. Each run also times the dump alone (no gzip, no
 * DBK1) into a file; on the large database that payload feeds the compress-and-encrypt stage, timed against {@code gzip} and {@code pigz -p 2} on the
 * same bytes, and a gzip level sweep. Last, it lists a tenant folder of 10,000 snapshots.
 *
 * <p>Run it with {@code backup-benchmarks/run-e2e.sh [options]}; {@code --help} lists the options.
 * It prints a table and writes it as markdown (default {@code backup-benchmarks/target/e2e-results.md}).
 */
public final class E2eHarness {
    /** Who the benchmark acts as; its access policy allows everything. */
    private static final Actor BENCH_ACTOR = Actor.user("benchmark");

    private static final String TENANT = "acme";
    private static final String WORKSPACE = "Acme Traders";
    private static final String DATABASE = "tenant_acme";
    private static final String BARE_DB = "bare_load";
    private static final int READ_BATCH_BYTES = 8 * 1024 * 1024;

    private final Options o;
    private final HeapMonitor heap = new HeapMonitor();
    private final Report report;
    private final MasterKey key = MasterKey.generate(new SecureRandom());
    private volatile long[] restoreMark;

    private E2eHarness(Options o) {
        this.o = o;
        this.report = new Report(o);
    }

    /** @param args see {@link Options#usage()} */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        E2eHarness h = new E2eHarness(o);
        try {
            h.run();
        } finally {
            h.heap.close();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(o.work);
        report.machine(heap.maxHeapBytes());
        log("harness heap -Xmx %d MB; work dir %s; sizes %s MB; %d runs; level %d; %d compression threads",
                heap.maxHeapBytes() >> 20, o.work, o.sizes(), o.runs, o.level, o.threads);
        List<Long> sizes = o.sizes();
        for (int i = 0; i < sizes.size(); i++) {
            database(sizes.get(i), i == sizes.size() - 1);
        }
        if (!o.memoryOnly) {
            listing();
        }
        report.finish();
        String md = report.markdown();
        System.out.println();
        System.out.println(md);
        Files.createDirectories(o.out.toAbsolutePath().getParent());
        Files.writeString(o.out, md);
        log("wrote %s", o.out);
    }

    // ------------------------------------------------------------------ one database size

    private void database(long sizeMb, boolean largest) throws Exception {
        long serverHeap = o.serverXmxMb > 0 ? o.serverXmxMb : Math.max(1536, sizeMb * 8 + 1024);
        Path dir = o.work.resolve("db-" + sizeMb);
        deleteTree(dir);
        Files.createDirectories(dir);
        log("== %d MB database: starting the server (-Xmx%dm)", sizeMb, serverHeap);
        try (ServerProcess server = ServerProcess.start(serverHeap, dir.resolve("server.log"));
                MongoClient client = MongoClients.create(MongoClientSettings.builder()
                        .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + server.port()))
                        // The server's full GCs over gigabytes of heap can stall it for many seconds on a busy
                        // machine; the default 10 s would make the driver's monitor give up and clear the pool.
                        .applyToSocketSettings(b -> b.connectTimeout(300, TimeUnit.SECONDS))
                        .applyToClusterSettings(b -> b.serverSelectionTimeout(300, TimeUnit.SECONDS))
                        .build())) {
            report.serverHeap(sizeMb, serverHeap);
            MongoDatabase db = client.getDatabase(DATABASE);
            Sample load = measure("initial load (generate + insertMany + indexes)", sizeMb, server, () -> {
                try (BulkLoader l = new BulkLoader(db, 2, 1000, READ_BATCH_BYTES)) {
                    SyntheticTenant.generate(o.seed, sizeMb * 1_000_000L, (k, d) -> l.add(k.collection(), d));
                    l.finish();
                    createIndexes(db);
                    return new long[] {l.bytes(), l.documents(), 0};
                }
            });
            report.add(load);
            long dataBytes = load.bytes;
            long dataDocs = load.docs;
            long serverLive = server.liveHeapMb();
            report.serverLive(sizeMb, serverLive);
            log("loaded %d documents, %.1f MB of BSON, in %.1f s; server heap after GC %d MB (%.2f x the data)", dataDocs,
                    dataBytes / 1e6, load.wallNanos / 1e9, serverLive, serverLive * 1048576.0 / dataBytes);

            Path storageRoot = dir.resolve("storage");
            Files.createDirectories(storageRoot);
            MongoDatabaseSource source = MongoDatabaseSource.builder(client).build();
            FileSystemStorageBackend storage = FileSystemStorageBackend.at(storageRoot);
            Map<Integer, Backups> byLevel = new LinkedHashMap<>();
            try {
                for (int level : o.backupLevels()) {
                    byLevel.put(level, backups(source, storage, level));
                }
                Backups backups = byLevel.get(o.level);
                String firstSnapshot = null;
                Path payload = dir.resolve("payload.archive");
                for (int r = 1; r <= (o.memoryOnly ? 0 : o.runs); r++) {
                    Sample scan = measure("bare raw-BSON find() scan", sizeMb, server, () -> scan(db));
                    report.add(scan);
                    // The library's dump without compression or encryption: what the pipeline costs before gzip.
                    Sample dump = measure("dump only: MongoDatabaseSource.dump to a file (no gzip, no DBK1)", sizeMb, server, () -> {
                        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(payload), 1 << 20)) {
                            var d = source.dump(DATABASE, out, ProgressListener.NONE);
                            return new long[] {dataBytes, d.documents(), d.payloadBytes()};
                        }
                    });
                    report.add(dump);
                    report.pair("dump only (no gzip) / scan", sizeMb, scan, dump);
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "run %d: scan %.1f MB/s, dump only %.1f MB/s",
                            r, scan.mbps(), dump.mbps()));
                    for (Map.Entry<Integer, Backups> b : byLevel.entrySet()) {
                        BackupResult[] result = new BackupResult[1];
                        Sample backup = measure("backup, gzip level " + b.getKey() + " (Backups API: dump, gzip, DBK1, file)", sizeMb,
                                server, () -> {
                                    result[0] = b.getValue().backup(BENCH_ACTOR, TENANT, BackupTrigger.MANUAL);
                                    return new long[] {dataBytes, result[0].documents(), result[0].snapshot().sizeBytes()};
                                });
                        report.add(backup);
                        report.pair("backup at level " + b.getKey() + " / scan", sizeMb, scan, backup);
                        if (firstSnapshot == null) {
                            firstSnapshot = result[0].snapshot().fileName();
                        }
                        line.append(String.format(Locale.ROOT, ", backup L%d %.1f MB/s (archive %.1f MB, %.2f×, live heap <= %d MB)",
                                b.getKey(), backup.mbps(), backup.extra() / 1e6, dataBytes / (double) backup.extra(),
                                backup.liveHeap() >> 20));
                    }
                    log("%s", line);
                }
                for (int m = 1; m <= o.memoryRuns; m++) {
                    BackupResult[] result = new BackupResult[1];
                    heap.reset();
                    heap.startProbe(o.probeMillis);
                    Sample backup = measure("memory run: backup, level " + o.level + " (full GC every " + o.probeMillis + " ms)",
                            sizeMb, server, () -> {
                                result[0] = backups.backup(BENCH_ACTOR, TENANT, BackupTrigger.MANUAL);
                                return new long[] {dataBytes, result[0].documents(), result[0].snapshot().sizeBytes()};
                            });
                    report.add(backup.withLive(heap.stopProbe()));
                    if (firstSnapshot == null) {
                        firstSnapshot = result[0].snapshot().fileName();
                    }
                    log("memory run %d: backup live heap after full GCs <= %d MB", m, report.last().liveHeap() >> 20);
                }

                if (!o.memoryOnly && largest) {
                    stage(payload);
                }

                String file = firstSnapshot;
                for (int r = 1; r <= (o.memoryOnly ? 0 : o.runs); r++) {
                    // The loader and the restore each write into an empty database, so that the server holds
                    // one copy of the data at a time (mongo-java-server needs about 6x the BSON size in heap).
                    db.drop();
                    Sample loader = measure("bare unordered insertMany loader (+ indexes)", sizeMb, server, () -> bareLoad(client, payload));
                    report.add(loader);
                    client.getDatabase(BARE_DB).drop();
                    Sample restore = restore(backups, file, sizeMb, server, "restore into an emptied database (Backups API, after its safety backup)", dataBytes);
                    report.add(restore);
                    report.pair("restore / loader", sizeMb, loader, restore);
                    log("run %d: loader %.1f MB/s, restore %.1f MB/s, restore live heap <= %d MB, server RSS %d MB", r,
                            loader.mbps(), restore.mbps(), restore.liveHeap() >> 20, server.residentMb());
                }
                for (int m = 1; m <= o.memoryRuns; m++) {
                    db.drop();
                    heap.reset();
                    heap.startProbe(o.probeMillis);
                    Sample restore = restore(backups, file, sizeMb, server,
                            "memory run: restore into an emptied database (full GC every " + o.probeMillis + " ms)", dataBytes);
                    report.add(restore.withLive(heap.stopProbe()));
                    log("memory run %d: restore live heap after full GCs <= %d MB; server RSS %d MB", m,
                            report.last().liveHeap() >> 20, server.residentMb());
                }
                Files.deleteIfExists(payload);
            } finally {
                byLevel.values().forEach(Backups::close);
            }
        } finally {
            deleteTree(dir);
        }
    }

    private Backups backups(MongoDatabaseSource source, FileSystemStorageBackend storage, int level) {
        return Backups.builder()
                .source(source)
                .storage(storage)
                .keys(KeyProviders.of(key))
                .tenants(TenantDirectory.of(List.of(Tenant.of(TENANT, WORKSPACE, DATABASE))))
                .access((actor, permission, t) -> true)
                .compressionLevel(level)
                .compressionThreads(o.threads)
                .listener(this::onEvent)
                .build();
    }

    private Sample restore(Backups backups, String file, long sizeMb, ServerProcess server, String what, long dataBytes)
            throws Exception {
        RestoreResult[] rr = new RestoreResult[1];
        restoreMark = null;
        return measure(what, sizeMb, server, () -> {
            rr[0] = backups.restores().restore(Actor.user("benchmark"), new RestoreRequest(TENANT, file, WORKSPACE));
            return new long[] {dataBytes, rr[0].documents(), 0};
        });
    }

    private void onEvent(BackupEvent e) {
        if (e.type() == BackupEvent.Type.BACKUP_COMPLETED && e.fileName() != null && e.fileName().startsWith("pre-restore")) {
            restoreMark = new long[] {System.nanoTime(), heap.processCpuNanos(), -1};
        }
    }

    private static void createIndexes(MongoDatabase db) {
        db.getCollection("invoices").createIndex(Indexes.compoundIndex(Indexes.ascending("customer.customerId"),
                Indexes.descending("issueDate")));
        db.getCollection("invoices").createIndex(Indexes.ascending("invoiceNumber"), new IndexOptions().unique(true));
        db.getCollection("employees").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        db.getCollection("leads").createIndex(Indexes.ascending("status", "ownerId"));
    }

    /** The reference read: every collection with find() as RawBsonDocument, batches sized by bytes like the dump's. */
    private static long[] scan(MongoDatabase db) {
        long bytes = 0;
        long docs = 0;
        List<String> names = new ArrayList<>();
        db.listCollectionNames().forEach(names::add);
        names.sort(Comparator.naturalOrder());
        for (String name : names) {
            if (name.startsWith("system.") || name.startsWith(MongoDatabaseSource.DEFAULT_STAGING_PREFIX)) {
                continue;
            }
            BsonDocument stats = db.runCommand(new BsonDocument("collStats", new BsonString(name)), BsonDocument.class);
            BsonValue avg = stats.get("avgObjSize");
            int batch = avg != null && avg.isNumber() && avg.asNumber().doubleValue() >= 1
                    ? (int) Math.max(1, READ_BATCH_BYTES / avg.asNumber().doubleValue()) : 100;
            MongoCollection<RawBsonDocument> c = db.getCollection(name, RawBsonDocument.class);
            for (RawBsonDocument d : c.find().batchSize(batch)) {
                bytes += d.getByteBuffer().remaining();
                docs++;
            }
        }
        return new long[] {bytes, docs, 0};
    }

    /** The reference write: the dumped documents into an empty database, then the same indexes. */
    private static long[] bareLoad(MongoClient client, Path payload) throws IOException {
        MongoDatabase db = client.getDatabase(BARE_DB);
        db.drop();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(payload), 1 << 20);
                ArchiveReader reader = new ArchiveReader(in, ArchiveLimits.defaults(), payload.toString());
                BulkLoader l = new BulkLoader(db, 2, 1000, READ_BATCH_BYTES)) {
            for (ArchiveEntry e; (e = reader.next()) != null; ) {
                if (e instanceof ArchiveEntry.Document d) {
                    l.add(d.collection(), d.bson());
                }
            }
            l.finish();
            createIndexes(db);
            return new long[] {l.bytes(), l.documents(), 0};
        }
    }

    // ------------------------------------------------------------------ the compress-and-encrypt stage

    private void stage(Path payload) throws Exception {
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
        boolean pigz = Tools.available("pigz");
        log("== compress-and-encrypt stage on %.0f MB sampled evenly from the payload; pigz %s", bytes / 1e6,
                pigz ? "found" : "NOT found (install it: apt-get install pigz)");
        ExecutorService poolT = Tools.pool(o.threads);
        ExecutorService pool1 = Tools.pool(1);
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
                        log("level %d run %d: stage %.1f MB/s, 1 thread %.1f, no DBK1 %.1f, gzip %.1f, pigz %.1f", level, r,
                                many.mbps(), one.mbps(), plain.mbps(), gzip.mbps(), p.mbps());
                    } else {
                        log("level %d run %d: stage %.1f MB/s, 1 thread %.1f, no DBK1 %.1f, gzip %.1f", level, r,
                                many.mbps(), one.mbps(), plain.mbps(), gzip.mbps());
                    }
                }
            }
            for (int level : o.sweepLevels) {
                Sample s = javaStage("level sweep: parallel gzip (" + o.threads + " threads) + DBK1", level, prefix, poolT, o.threads, true);
                report.sweep(level, s);
                log("sweep level %d: %.1f MB/s, ratio %.2f", level, s.mbps(), s.bytes / (double) s.extra);
            }
        } finally {
            poolT.shutdownNow();
            pool1.shutdownNow();
            Files.deleteIfExists(prefix);
        }
    }

    private Sample javaStage(String what, int level, Path input, ExecutorService pool, int threads, boolean dbk1) throws Exception {
        return measure(what, level, null, () -> {
            Tools.NullSink sink = new Tools.NullSink();
            long n = 0;
            try (InputStream in = Files.newInputStream(input);
                    OutputStream gz = new ParallelGzipOutputStream(dbk1 ? Dbk1.encrypt(sink, key, TENANT, Dbk1Options.defaults()) : sink,
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
        return measure(what, level, null, () -> {
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) {
                throw new IOException(cmd + " exited with " + p.exitValue());
            }
            return new long[] {bytes, 0, 0};
        });
    }

    // ------------------------------------------------------------------ listing 10,000 snapshots

    private void listing() throws Exception {
        Path root = o.work.resolve("listing");
        deleteTree(root);
        Path folder = root.resolve("lister").resolve("db-backups");
        Files.createDirectories(folder);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
        Instant t = Instant.parse("2024-01-01T01:00:00Z");
        byte[] content = new byte[64];
        for (int i = 0; i < o.listingCount; i++) {
            Files.write(folder.resolve("3-day_" + f.format(t.plusSeconds(3600L * i)) + ".gz.enc"), content);
        }
        FileSystemStorageBackend storage = FileSystemStorageBackend.at(root);
        try (Backups backups = Backups.builder()
                .source(new com.daaisuite.backup.testing.source.InMemoryDatabaseSource())
                .storage(storage)
                .keys(KeyProviders.of(key))
                .tenants(TenantDirectory.of(List.of(Tenant.of("lister", "Lister", "lister_db"))))
                .access((actor, permission, tn) -> true)
                .build()) {
            for (int r = 0; r < o.runs + 2; r++) {
                // The first two runs warm the JIT and the directory cache; they are reported as warm-up.
                String suffix = r < 2 ? " (warm-up)" : "";
                Sample spi = measure("list " + o.listingCount + " snapshots: StorageBackend.list" + suffix, 0, null,
                        () -> new long[] {0, storage.list("lister").size(), 0});
                Sample api = measure("list " + o.listingCount + " snapshots: Backups catalog().list" + suffix, 0, null,
                        () -> new long[] {0, backups.catalog().list(BENCH_ACTOR, "lister").size(), 0});
                report.add(spi);
                report.add(api);
            }
        } finally {
            deleteTree(root);
        }
    }

    // ------------------------------------------------------------------ measuring

    @FunctionalInterface
    interface Body {
        /** @return {bytes, documents, extra} */
        long[] run() throws Exception;
    }

    private Sample measure(String what, long size, ServerProcess server, Body body) throws Exception {
        heap.reset();
        long cpu0 = heap.processCpuNanos();
        long srv0 = server == null ? -1 : server.cpuNanos();
        long t0 = System.nanoTime();
        long[] r = body.run();
        long t1 = System.nanoTime();
        long cpu1 = heap.processCpuNanos();
        long srv1 = server == null ? -1 : server.cpuNanos();
        long[] mark = restoreMark;
        if (mark != null && what.startsWith("restore ")) {
            // The restore proper starts when its pre-restore safety backup has committed.
            t0 = mark[0];
            cpu0 = mark[1];
            restoreMark = null;
            srv0 = -1;
        }
        return new Sample(what, size, t1 - t0, r[0], r[1], r[2], cpu1 - cpu0, srv0 < 0 || srv1 < 0 ? -1 : srv1 - srv0,
                heap.maxLiveBytes(), heap.maxUsedBytes());
    }

    static void log(String format, Object... args) {
        System.out.printf("[e2e %s] %s%n", Instant.now().toString().substring(11, 19), String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** One measured run. {@code size} is the database size in MB, or the gzip level for stage rows. */
    record Sample(String what, long size, long wallNanos, long bytes, long docs, long extra, long cpuNanos,
            long serverCpuNanos, long liveHeap, long usedHeap) {
        double seconds() {
            return wallNanos / 1e9;
        }

        double mbps() {
            return bytes / 1e6 / seconds();
        }

        double docsPerSecond() {
            return docs / seconds();
        }

        Sample withLive(long live) {
            return new Sample(what, size, wallNanos, bytes, docs, extra, cpuNanos, serverCpuNanos, live, usedHeap);
        }
    }

    static final class Tools {
        private Tools() {}

        static boolean available(String tool) {
            try {
                Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        static ExecutorService pool(int threads) {
            return java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
                Thread th = new Thread(r, "e2e-gzip");
                th.setDaemon(true);
                return th;
            });
        }

        /** Counts and drops bytes. */
        static final class NullSink extends OutputStream {
            private long count;

            @Override
            public void write(int b) {
                count++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count += len;
            }

            long count() {
                return count;
            }
        }
    }

    /** Command-line options. */
    static final class Options {
        long sizeMb = 1000;
        long smallMb = 200;
        int runs = 3;
        int level = BackupsSettings.DEFAULT_COMPRESSION_LEVEL;
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        long stageMb = 256;
        List<Integer> stageLevels = List.of(1, 6);
        List<Integer> sweepLevels = List.of(1, 3, 6, 9);
        long serverXmxMb;
        int listingCount = 10_000;
        long seed = 20261126L;
        boolean memoryOnly;
        int memoryRuns = 1;
        long probeMillis = 1000;
        List<Integer> extraBackupLevels = List.of(1);
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "daai-e2e");
        Path out = Path.of("backup-benchmarks/target/e2e-results.md");
        String command = "backup-benchmarks/run-e2e.sh";

        /** The configured level first, then the extra levels (once each). */
        List<Integer> backupLevels() {
            List<Integer> l = new ArrayList<>(List.of(level));
            if (!memoryOnly) {
                extraBackupLevels.stream().filter(x -> !l.contains(x)).forEach(l::add);
            }
            return l;
        }

        List<Long> sizes() {
            return smallMb > 0 && smallMb < sizeMb ? List.of(smallMb, sizeMb) : List.of(sizeMb);
        }

        static String usage() {
            return String.join("\n",
                    "usage: run-e2e.sh [options]",
                    "  --size-mb N        the large database, MB of BSON (default 1000)",
                    "  --small-mb N       the small database shown beside it for the memory bound; 0 = none (default 200)",
                    "  --runs N           runs of each measurement, for medians and spread (default 3)",
                    "  --level N          gzip level of the backups (default BackupsSettings.DEFAULT_COMPRESSION_LEVEL)",
                    "  --also-levels L    extra backup levels timed beside it, comma-separated (default 1; empty = none)",
                    "  --memory-runs N    extra backup and restore per size with a full GC every second, for the live heap (default 1)",
                    "  --memory-only      only the memory runs (no references, stage or listing): for the biggest databases",
                    "  --threads N        compression threads (default min(4, nproc))",
                    "  --stage-mb N       MB sampled from the payload for the stage/gzip/pigz comparison (default 256)",
                    "  --stage-levels L   comma-separated levels for the stage comparison (default 1,6)",
                    "  --sweep-levels L   comma-separated levels for the level sweep (default 1,3,6,9; empty = none)",
                    "  --server-xmx-mb N  heap of the server JVM (default 8 x size + 1024)",
                    "  --listing N        snapshots in the listed folder (default 10000)",
                    "  --work DIR         scratch directory (default $TMPDIR/daai-e2e)",
                    "  --out FILE         markdown result (default backup-benchmarks/target/e2e-results.md)",
                    "  --command TEXT     the command line to print in the report");
        }

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    System.out.println(usage());
                    System.exit(0);
                }
                if (a.equals("--memory-only")) {
                    o.memoryOnly = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + a + "\n" + usage());
                }
                String v = args[++i];
                switch (a) {
                    case "--size-mb" -> o.sizeMb = Long.parseLong(v);
                    case "--small-mb" -> o.smallMb = Long.parseLong(v);
                    case "--runs" -> o.runs = Integer.parseInt(v);
                    case "--level" -> o.level = Integer.parseInt(v);
                    case "--also-levels" -> o.extraBackupLevels = ints(v);
                    case "--memory-runs" -> o.memoryRuns = Integer.parseInt(v);
                    case "--threads" -> o.threads = Integer.parseInt(v);
                    case "--stage-mb" -> o.stageMb = Long.parseLong(v);
                    case "--stage-levels" -> o.stageLevels = ints(v);
                    case "--sweep-levels" -> o.sweepLevels = ints(v);
                    case "--server-xmx-mb" -> o.serverXmxMb = Long.parseLong(v);
                    case "--listing" -> o.listingCount = Integer.parseInt(v);
                    case "--work" -> o.work = Path.of(v);
                    case "--out" -> o.out = Path.of(v);
                    case "--command" -> o.command = v;
                    default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
                }
            }
            if (o.memoryOnly && o.memoryRuns < 1) {
                o.memoryRuns = 1;
            }
            if (o.runs < 1 || o.sizeMb < 1) {
                throw new IllegalArgumentException("--runs and --size-mb must be at least 1");
            }
            return o;
        }

        private static List<Integer> ints(String v) {
            List<Integer> l = new ArrayList<>();
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    l.add(Integer.parseInt(s.trim()));
                }
            }
            return l;
        }
    }
}
