package com.daaisuite.backup.benchmarks.e2e;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.DocumentPresence;
import com.daaisuite.backup.core.SnapshotComparison;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.DatabaseSource;
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
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Issue 23's numbers: on a synthetic tenant in the test server, run after run, one backup, one verify,
 * a second backup after edits, compare of the two, compare of the first with the live data; then find
 * across {@code --snapshots} snapshots (in a collection the later snapshots do not change, and in one
 * each of them changes); then, without a server (a synthetic source streams the tenant), compare of
 * two snapshots of each {@code --heap-sizes} tenant with the heap watched.
 *
 * <pre>
 * java -Xmx128m -cp backup-benchmarks/target/benchmarks.jar com.daaisuite.backup.benchmarks.e2e.RestorePointBenchmark \
 *     --size-mb 80 --runs 3 --snapshots 30 --heap-sizes 200,2000 --work /tmp/rp-bench [--digest-ab-runs 3 --digest-ab-mb 200]
 * </pre>
 */
public final class RestorePointBenchmark {
    private static final Actor ACTOR = Actor.user("benchmark");
    private static final Tenant TENANT = Tenant.builder("acme").workspaceName("Acme Traders").databaseName("tenant_acme").build();

    private final MasterKey key = MasterKey.generate(new SecureRandom());
    private final HeapMonitor heap = new HeapMonitor();
    private final List<String> lines = new ArrayList<>();
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

    /** @param args --size-mb N --runs N --snapshots N --heap-sizes A,B --work DIR --digest-ab-runs N --digest-ab-mb N */
    public static void main(String[] args) throws Exception {
        long size = 80;
        int runs = 3;
        int snapshots = 30;
        String heapSizes = "200,2000";
        int teeRuns = 0;
        long teeSize = 200;
        Path work = Path.of("/tmp/rp-bench");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--size-mb" -> size = Long.parseLong(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--snapshots" -> snapshots = Integer.parseInt(args[i + 1]);
                case "--heap-sizes" -> heapSizes = args[i + 1];
                case "--work" -> work = Path.of(args[i + 1]);
                case "--digest-ab-runs" -> teeRuns = Integer.parseInt(args[i + 1]);
                case "--digest-ab-mb" -> teeSize = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        RestorePointBenchmark b = new RestorePointBenchmark();
        b.log("heap -Xmx %d MB, %d cores", b.heap.maxHeapBytes() >> 20, Runtime.getRuntime().availableProcessors());
        if (size > 0) {
            b.server(size, runs, snapshots, work.resolve("server"));
        }
        for (String s : heapSizes.split(",")) {
            if (!s.isBlank()) {
                b.heapRun(Long.parseLong(s.trim()), work.resolve("heap-" + s.trim()));
            }
        }
        if (teeRuns > 0) {
            b.digestCost(teeSize, teeRuns, work.resolve("digest-ab"));
        }
        b.heap.close();
        System.out.println();
        b.lines.forEach(System.out::println);
        System.exit(0);
    }

    private void log(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        lines.add(line);
        System.err.println("[rp] " + line);
    }

    /** A clock one minute further on each call, so that every backup gets its own name quickly. */
    private Clock stepping() {
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public synchronized Instant instant() {
                clock = clock.plus(Duration.ofMinutes(1));
                return clock;
            }
        };
    }

    private Backups backups(DatabaseSource source, Path storage) throws Exception {
        Files.createDirectories(storage);
        return Backups.builder().source(source).storage(FileSystemStorageBackend.at(storage)).keys(KeyProviders.of(key))
                .tenants(TenantDirectory.of(List.of(TENANT))).access((a, p, t) -> true).clock(stepping()).nodeName("bench")
                .build();
    }

    private <T> double timed(Callable<T> c, Object[] out) throws Exception {
        long t0 = System.nanoTime();
        T r = c.call();
        double s = (System.nanoTime() - t0) / 1e9;
        if (out != null) {
            out[0] = r;
        }
        return s;
    }

    private void server(long sizeMb, int runs, int snapshots, Path dir) throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        long serverHeap = Math.max(1536, sizeMb * 8 + 1024);
        try (ServerProcess server = ServerProcess.start(serverHeap, dir.resolve("server.log"));
                MongoClient client = MongoClients.create(MongoClientSettings.builder()
                        .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + server.port()))
                        .applyToSocketSettings(b -> b.connectTimeout(300, TimeUnit.SECONDS))
                        .applyToClusterSettings(b -> b.serverSelectionTimeout(300, TimeUnit.SECONDS)).build())) {
            MongoDatabase db = client.getDatabase(TENANT.databaseName());
            try (BulkLoader l = new BulkLoader(db, 2, 1000, 8 << 20)) {
                SyntheticTenant.generate(42, sizeMb * 1_000_000L, (k, d) -> l.add(k.collection(), d));
                l.finish();
                log("loaded %d documents, %.1f MB of BSON", l.documents(), l.bytes() / 1e6);
            }
            try (Backups b = backups(MongoDatabaseSource.builder(client).build(), dir.resolve("storage"))) {
                double verifySum = 0;
                String first = null;
                for (int r = 1; r <= runs; r++) {
                    Object[] o = new Object[1];
                    double backup = timed(() -> b.backup(ACTOR, TENANT.id(), BackupTrigger.MANUAL), o);
                    String a = ((com.daaisuite.backup.core.BackupResult) o[0]).snapshot().fileName();
                    first = first == null ? a : first;
                    long c0 = heap.processCpuNanos();
                    double verify = timed(() -> b.catalog().verify(ACTOR, TENANT.id(), a), null);
                    double verifyCpu = (heap.processCpuNanos() - c0) / 1e9;
                    verifySum += verify;
                    edit(db, r);
                    timed(() -> b.backup(ACTOR, TENANT.id(), BackupTrigger.MANUAL), o);
                    String bName = ((com.daaisuite.backup.core.BackupResult) o[0]).snapshot().fileName();
                    long c1 = heap.processCpuNanos();
                    double compare = timed(() -> b.catalog().compare(ACTOR, TENANT.id(), a, bName, 5), o);
                    double compareCpu = (heap.processCpuNanos() - c1) / 1e9;
                    String summary = summary((SnapshotComparison) o[0]);
                    double live = timed(() -> b.catalog().compareWithLive(ACTOR, TENANT.id(), a, 5), o);
                    log("run %d (%d MB): backup %.2f s, verify %.2f s, compare two %.2f s (%.2fx verify), compare with live %.2f s"
                            + " (%.2fx backup); CPU: verify %.2f, compare two %.2f CPU-s (%.2fx); %s", r, sizeMb, backup, verify, compare,
                            compare / verify, live, live / backup, verifyCpu, compareCpu, compareCpu / verifyCpu, summary);
                }
                double verifyMean = verifySum / runs;
                List<String> names = new ArrayList<>();
                b.catalog().list(ACTOR, TENANT.id()).forEach(s -> names.add(s.fileName()));
                Object leadKey = db.getCollection("leads").find().first().get("_id");
                Object invoiceKey = db.getCollection("invoices").find().sort(new Document("_id", -1)).first().get("_id");
                for (int n = names.size(); n < snapshots; n++) {
                    db.getCollection("leads").updateOne(Filters.eq("_id", leadKey), Updates.set("touched", n));
                    b.backup(ACTOR, TENANT.id(), BackupTrigger.MANUAL);
                }
                Object[] o = new Object[1];
                double skip = timed(() -> b.catalog().findDocument(ACTOR, TENANT.id(), "invoices", idText(invoiceKey)), o);
                @SuppressWarnings("unchecked")
                List<DocumentPresence> rows = (List<DocumentPresence>) o[0];
                double all = timed(() -> b.catalog().findDocument(ACTOR, TENANT.id(), "leads", idText(leadKey)), o);
                @SuppressWarnings("unchecked")
                List<DocumentPresence> rowsAll = (List<DocumentPresence>) o[0];
                log("find across %d snapshots (%d MB): unchanged collection %.2f s, %d archives read (%.2fx verify);"
                        + " collection changed in every snapshot %.2f s, %d archives read (%.2fx verify); verify mean %.2f s",
                        rows.size(), sizeMb, skip, rows.stream().filter(DocumentPresence::read).count(), skip / verifyMean, all,
                        rowsAll.stream().filter(DocumentPresence::read).count(), all / verifyMean, verifyMean);
            }
        }
    }

    private static String idText(Object id) {
        return new Document("v", id).toJson().replaceFirst("^\\{\"v\": ", "").replaceFirst("}$", "");
    }

    /** Between two backups: 1% of invoices edited, 0.5% of leads deleted, as many leads inserted. */
    private static void edit(MongoDatabase db, int round) {
        List<Object> ids = new ArrayList<>();
        db.getCollection("invoices").find().projection(new Document("_id", 1)).forEach(d -> ids.add(d.get("_id")));
        for (int i = round; i < ids.size(); i += 100) {
            db.getCollection("invoices").updateOne(Filters.eq("_id", ids.get(i)), Updates.set("edited", round));
        }
        List<Object> leads = new ArrayList<>();
        db.getCollection("leads").find().projection(new Document("_id", 1)).forEach(d -> leads.add(d.get("_id")));
        List<Document> fresh = new ArrayList<>();
        for (int i = round; i < leads.size(); i += 200) {
            db.getCollection("leads").deleteOne(Filters.eq("_id", leads.get(i)));
            fresh.add(new Document("round", round).append("i", i));
        }
        if (!fresh.isEmpty()) {
            db.getCollection("leads").insertMany(fresh);
        }
    }

    private static String summary(SnapshotComparison c) {
        StringBuilder b = new StringBuilder();
        c.collections().forEach(x -> b.append(x.name()).append(' ').append(x.status().name().toLowerCase(Locale.ROOT))
                .append(String.format(Locale.ROOT, " -%d +%d ~%d =%d; ", x.onlyInA(), x.onlyInB(), x.changed(), x.same())));
        return b.toString().trim();
    }

    private void heapRun(long sizeMb, Path dir) throws Exception {
        deleteTree(dir);
        SyntheticSource source = new SyntheticSource(7, sizeMb * 1_000_000L);
        try (Backups b = backups(source, dir.resolve("storage"))) {
            Object[] o = new Object[1];
            double backup = timed(() -> b.backup(ACTOR, TENANT.id(), BackupTrigger.MANUAL), o);
            String a = ((com.daaisuite.backup.core.BackupResult) o[0]).snapshot().fileName();
            source.variant(1);
            timed(() -> b.backup(ACTOR, TENANT.id(), BackupTrigger.MANUAL), o);
            String bName = ((com.daaisuite.backup.core.BackupResult) o[0]).snapshot().fileName();
            double verify = timed(() -> b.catalog().verify(ACTOR, TENANT.id(), a), null);
            heap.reset();
            heap.startProbe(500);
            double compare = timed(() -> b.catalog().compare(ACTOR, TENANT.id(), a, bName, 5), o);
            long live = heap.stopProbe();
            log("heap, %d MB tenant (synthetic source): backup %.1f s, verify %.1f s, compare two %.1f s (%.2fx verify);"
                    + " heap during compare: largest after a full GC %d MB, largest used %d MB, -Xmx %d MB; %s", sizeMb, backup,
                    verify, compare, compare / verify, live >> 20, heap.maxUsedBytes() >> 20, heap.maxHeapBytes() >> 20,
                    summary((SnapshotComparison) o[0]));
        }
        deleteTree(dir);
    }

    /** What recording the digests at backup time costs: backups with and without, interleaved. */
    private void digestCost(long sizeMb, int runs, Path dir) throws Exception {
        deleteTree(dir);
        SyntheticSource source = new SyntheticSource(11, sizeMb * 1_000_000L);
        try (Backups b = backups(source, dir.resolve("storage"))) {
            double with = 0;
            double without = 0;
            double cpuWith = 0;
            double cpuWithout = 0;
            for (int r = 0; r <= runs; r++) {
                for (boolean digests : new boolean[] {false, true}) {
                    source.readable(digests);
                    long cpu0 = heap.processCpuNanos();
                    double s = timed(() -> b.backup(ACTOR, TENANT.id(), BackupTrigger.MANUAL), null);
                    double cpu = (heap.processCpuNanos() - cpu0) / 1e9;
                    if (r == 0) {
                        continue; // the first pair warms the JIT up
                    }
                    log("digest A/B run %d (%d MB, synthetic source): backup %s digests %.2f s wall, %.2f CPU-s", r, sizeMb,
                            digests ? "with" : "without", s, cpu);
                    if (digests) {
                        with += s;
                        cpuWith += cpu;
                    } else {
                        without += s;
                        cpuWithout += cpu;
                    }
                }
            }
            log("digest A/B (%d MB): with digests %.2f s, without %.2f s (%.2fx wall); CPU %.2f vs %.2f CPU-s (%.2fx)", sizeMb,
                    with / runs, without / runs, with / without, cpuWith / runs, cpuWithout / runs, cpuWith / cpuWithout);
        }
        deleteTree(dir);
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
