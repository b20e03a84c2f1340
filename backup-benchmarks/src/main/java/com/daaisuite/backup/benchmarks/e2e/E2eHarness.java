package com.daaisuite.backup.benchmarks.e2e;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.ProgressListener;
import com.daaisuite.backup.core.spi.TenantDirectory;
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

    static final String TENANT = "acme";
    private static final String WORKSPACE = "Acme Traders";
    private static final String DATABASE = "tenant_acme";
    private static final String BARE_DB = "bare_load";
    private static final int READ_BATCH_BYTES = 8 * 1024 * 1024;

    private final E2eOptions o;
    private final HeapMonitor heap = new HeapMonitor();
    private final Report report;
    private final MasterKey key = MasterKey.generate(new SecureRandom());
    private volatile long[] restoreMark;

    private E2eHarness(E2eOptions o) {
        this.o = o;
        this.report = new Report(o);
    }

    /** @param args see {@link E2eOptions#usage()} */
    public static void main(String[] args) throws Exception {
        E2eOptions o = E2eOptions.parse(args);
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
                    new CompressStage(o, report, key, (what, level, body) -> measure(what, level, null, body)).run(payload);
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
}
