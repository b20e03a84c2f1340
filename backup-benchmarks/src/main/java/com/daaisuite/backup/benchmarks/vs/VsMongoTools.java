package com.daaisuite.backup.benchmarks.vs;

import com.daaisuite.backup.benchmarks.e2e.ServerProcess;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.Tenant;
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
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.RawBsonDocument;

/**
 * The side-by-side run against the MongoDB Database Tools ({@code backup-benchmarks/run-vs-mongo-tools.sh}):
 * on one mongo-java-server in its own JVM, for every data shape, alternating pairs of
 * <ul>
 *   <li>each CLI's {@code backup} vs {@code mongodump --archive --gzip}, and the library's backup in this
 *       (warm) JVM vs the same;</li>
 *   <li>{@code restore} into an emptied database vs {@code mongorestore --archive --gzip};</li>
 *   <li>{@code restore} over the existing database (its safety backup included) vs
 *       {@code mongorestore --archive --gzip --drop};</li>
 * </ul>
 * reporting for each the median and range of wall time, the tool's CPU, the server's CPU, the tool's
 * peak RSS and the archive size, and the ratios of medians to the MongoDB tool's.
 */
public final class VsMongoTools {
    private static final String TENANT = "acme";
    private static final String DB = "tenant_acme";
    private static final Actor BENCH = Actor.user("benchmark");
    static final String MONGO = "mongo tools";
    private static final String LIBRARY = "library (warm JVM)";

    private final VsOptions o;
    private final VsReport report = new VsReport();
    /** One key for the CLI (through its environment, as an operator passes it) and the library. */
    private final MasterKey key;
    private final Map<String, String> cliEnv;
    private ServerProcess server;
    private boolean warmedUp;
    private MongoClient client;

    private VsMongoTools(VsOptions o) {
        this.o = o;
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = MasterKey.of(k);
        this.cliEnv = Map.of("BACKUP_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(k));
    }

    /** @param args see {@link VsOptions#usage()} */
    public static void main(String[] args) throws Exception {
        VsOptions o = VsOptions.parse(args);
        if (o == null) {
            System.out.println(VsOptions.usage());
            return;
        }
        if (o.loadInto != null) {
            // For profiling one tool by hand: fill a running server's database with the first shape and stop.
            try (MongoClient c = MongoClients.create(o.loadInto)) {
                VsMongoTools h = new VsMongoTools(o);
                h.client = c;
                c.getDatabase(DB).drop();
                long[] n = h.load(c.getDatabase(DB), o.shapes.get(0));
                log("loaded %,d documents, %.1f MB BSON of %s into %s", n[0], n[1] / 1e6, o.shapes.get(0), DB);
            }
            return;
        }
        if (o.tools == null || !Files.isExecutable(o.tools.resolve("mongodump")) || !Files.isExecutable(o.tools.resolve("mongorestore"))) {
            System.err.println("[vs] The MongoDB Database Tools are not here (" + o.tools + "): set MONGO_TOOLS_BIN to the folder"
                    + " holding mongodump and mongorestore 100.x, or keep ../shared/tools beside the checkout. Nothing was measured.");
            System.exit(2);
        }
        new VsMongoTools(o).run();
    }

    private void run() throws Exception {
        Files.createDirectories(o.work);
        report.header(o, Usage.method(), String.join(" ", serverJvmOptions(o.serverHeapMb)), version());
        log("server: %s; tools: %s; CLIs: %s; shapes: %s; %d MB each; %d pairs", String.join(" ", serverJvmOptions(o.serverHeapMb)),
                o.tools, o.clis.keySet(), o.shapes, o.sizeMb, o.runs);
        server = ServerProcess.start(serverJvmOptions(o.serverHeapMb), o.serverHeapMb, o.work.resolve("server.log"));
        client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(server.uri()))
                .applyToSocketSettings(s -> s.readTimeout(10, TimeUnit.MINUTES)).build());
        try {
            for (Shape s : o.shapes) {
                try {
                    shape(s);
                } catch (Exception e) {
                    // Keep what was measured: the report says which shape stopped and why.
                    log("%s stopped: %s", s, e);
                    report.note("**" + s.name().toLowerCase(Locale.ROOT) + " stopped early**: " + e.getMessage().lines().findFirst().orElse("")
                            + " (the figures above it are complete pairs)");
                }
            }
        } finally {
            client.close();
            server.close();
        }
        report.footer();
        String text = report.text();
        System.out.println(text);
        if (o.out != null) {
            Files.createDirectories(o.out.toAbsolutePath().getParent());
            Files.writeString(o.out, text, StandardCharsets.UTF_8);
            log("written to %s", o.out);
        }
    }

    private String version() {
        try {
            Process p = new ProcessBuilder(o.tools.resolve("mongodump").toString(), "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("?");
            p.waitFor(30, TimeUnit.SECONDS);
            return v;
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private void shape(Shape shape) throws Exception {
        MongoDatabase db = client.getDatabase(DB);
        db.drop();
        long[] loaded = load(db, shape);
        log("%s: loaded %,d documents, %.1f MB BSON", shape, loaded[0], loaded[1] / 1e6);
        VsReport.Section sec = report.section(shape, loaded[0], loaded[1]);
        Path dir = o.work.resolve(shape.name().toLowerCase(Locale.ROOT));
        deleteTree(dir);
        Files.createDirectories(dir);
        ProcessHandle srv = server.handle();

        Path mdArchive = dir.resolve("mongodump.archive.gz");
        List<String> mongodump = List.of(o.tools.resolve("mongodump").toString(), "--uri=" + server.uri(), "--db=" + DB,
                "--archive=" + mdArchive, "--gzip", "--quiet");
        Map<String, Path> cliArchive = new LinkedHashMap<>();

        // 1. CLI backups vs mongodump, alternating; before the first shape, one untimed run of each
        //    (a CLI's first run may write its class-data sharing archive; the page cache warms for all).
        List<String> tools = new ArrayList<>(o.clis.keySet());
        tools.add(MONGO);
        for (int i = warmedUp ? 0 : -1; i < o.runs; i++) {
            VsReport.Section into = i < 0 ? report.scratch() : sec;
            for (String t : rotate(tools, Math.max(i, 0))) {
                if (t.equals(MONGO)) {
                    Files.deleteIfExists(mdArchive);
                    Usage u = Usage.run(mongodump, Map.of(), dir.resolve("mongodump.log"), srv, 900);
                    into.add("backup (CLI)", MONGO, u, Files.size(mdArchive));
                } else {
                    Path store = dir.resolve("store-" + t);
                    deleteTree(store);
                    Files.createDirectories(store);
                    List<String> cmd = new ArrayList<>(o.clis.get(t));
                    cmd.addAll(List.of("backup", "--mongo", server.uri(), "--db", DB, "--tenant", TENANT,
                            "--storage", store.toUri().toString()));
                    Usage u = Usage.run(cmd, cliEnv, dir.resolve("cli-" + t + ".log"), srv, 900);
                    Path archive = onlyFile(store);
                    Path keep = dir.resolve(t + ".gz.enc");
                    Files.move(archive, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    cliArchive.put(t, keep);
                    into.add("backup (CLI)", t, u, Files.size(keep));
                }
                progress(shape, i < 0 ? "untimed first run" : "backup", i);
            }
        }

        warmedUp = true;

        // 2. The library in this JVM, warmed by one untimed backup and restore, vs mongodump.
        Path libStore = dir.resolve("store-library");
        FileSystemStorageBackend storage = FileSystemStorageBackend.at(Files.createDirectories(libStore));
        Tenant tenant = Tenant.builder(TENANT).workspaceName(TENANT).databaseName(DB).build();
        String libSnapshot;
        try (Backups backups = backups(storage, tenant, o.level)) {
            libSnapshot = backups.backupNow(BENCH, TENANT, "warm-up").await(Duration.ofMinutes(15)).snapshot().fileName();
            if (!o.noLibrary) {
                backups.restores().restore(BENCH, new RestoreRequest(TENANT, libSnapshot, TENANT));
            }
            clean(libStore, libSnapshot);
            for (int i = 0; i < (o.noLibrary ? 0 : o.runs); i++) {
                for (String t : rotate(List.of(LIBRARY, MONGO), i)) {
                    if (t.equals(MONGO)) {
                        Files.deleteIfExists(mdArchive);
                        sec.add("backup (library)", MONGO, Usage.run(mongodump, Map.of(), dir.resolve("mongodump.log"), srv, 900),
                                Files.size(mdArchive));
                    } else {
                        long cpu0 = processCpuNanos();
                        double s0 = Usage.cpuSeconds(srv);
                        long t0 = System.nanoTime();
                        BackupResult r = backups.backupNow(BENCH, TENANT, "run").await(Duration.ofMinutes(15));
                        Usage u = new Usage((System.nanoTime() - t0) / 1e9, (processCpuNanos() - cpu0) / 1e9, -1,
                                Usage.cpuSeconds(srv) - s0);
                        sec.add("backup (library)", LIBRARY, u, r.snapshot().sizeBytes());
                        clean(libStore, r.snapshot().fileName());
                        libSnapshot = r.snapshot().fileName();
                    }
                    progress(shape, "library backup", i);
                }
            }

            // 3. Restores into an emptied database, then over the existing one.
            for (boolean over : new boolean[] {false, true}) {
                String op = over ? "restore over existing" : "restore into emptied db";
                List<String> rt = new ArrayList<>(o.clis.keySet());
                rt.add(MONGO);
                if (!o.noLibrary) {
                    rt.add(LIBRARY);
                }
                for (int i = 0; i < o.runs; i++) {
                    for (String t : rotate(rt, i)) {
                        if (!over) {
                            db.drop();
                        } else if (count(db) != loaded[0]) {
                            throw new IllegalStateException("the database is not in place before " + op);
                        }
                        Usage u;
                        long size;
                        if (t.equals(MONGO)) {
                            List<String> cmd = new ArrayList<>(List.of(o.tools.resolve("mongorestore").toString(),
                                    "--uri=" + server.uri(), "--archive=" + mdArchive, "--gzip", "--quiet"));
                            if (over) {
                                cmd.add("--drop");
                            }
                            u = Usage.run(cmd, Map.of(), dir.resolve("mongorestore.log"), srv, 900);
                            size = Files.size(mdArchive);
                        } else if (t.equals(LIBRARY)) {
                            long cpu0 = processCpuNanos();
                            double s0 = Usage.cpuSeconds(srv);
                            long t0 = System.nanoTime();
                            backups.restores().restore(BENCH, new RestoreRequest(TENANT, libSnapshot, TENANT));
                            u = new Usage((System.nanoTime() - t0) / 1e9, (processCpuNanos() - cpu0) / 1e9, -1,
                                    Usage.cpuSeconds(srv) - s0);
                            size = Files.size(libStore.resolve(TENANT).resolve("db-backups").resolve(libSnapshot));
                            clean(libStore, libSnapshot);
                        } else {
                            Path safety = dir.resolve("safety-" + t);
                            deleteTree(safety);
                            Files.createDirectories(safety);
                            List<String> cmd = new ArrayList<>(o.clis.get(t));
                            cmd.addAll(List.of("restore", "--mongo", server.uri(), "--db", DB, "--tenant", TENANT,
                                    "--archive", cliArchive.get(t).toString(), "--confirm", TENANT,
                                    "--safety-storage", safety.toUri().toString()));
                            u = Usage.run(cmd, cliEnv, dir.resolve("cli-" + t + ".log"), srv, 900);
                            size = Files.size(cliArchive.get(t));
                        }
                        long n = count(db);
                        if (n != loaded[0]) {
                            throw new IllegalStateException(t + " " + op + " left " + n + " documents, expected " + loaded[0]);
                        }
                        sec.add(op, t, u, size);
                        progress(shape, op, i);
                    }
                }
            }
        }

        // 4. The size/speed curve of the library's gzip levels against mongodump's archive.
        for (int level : o.levels) {
            Path store = dir.resolve("store-level-" + level);
            try (Backups backups = backups(FileSystemStorageBackend.at(Files.createDirectories(store)), tenant, level)) {
                backups.backupNow(BENCH, TENANT, "warm-up").await(Duration.ofMinutes(15));
                for (int i = 0; i < Math.max(1, o.runs / 2); i++) {
                    long cpu0 = processCpuNanos();
                    long t0 = System.nanoTime();
                    BackupResult r = backups.backupNow(BENCH, TENANT, "level").await(Duration.ofMinutes(15));
                    Usage u = new Usage((System.nanoTime() - t0) / 1e9, (processCpuNanos() - cpu0) / 1e9, -1, 0);
                    sec.add("level curve (library)", "level " + level, u, r.snapshot().sizeBytes());
                }
            }
            deleteTree(store);
        }
        if (!o.levels.isEmpty()) {
            sec.copy("backup (CLI)", MONGO, "level curve (library)");
        }
        db.drop();
        deleteTree(dir);
    }

    private Backups backups(FileSystemStorageBackend storage, Tenant tenant, int level) {
        Backups.Builder b = Backups.builder()
                .source(MongoDatabaseSource.builder(client).build())
                .storage(storage)
                .keys(KeyProviders.of(key))
                .tenants(TenantDirectory.of(List.of(tenant)))
                .access((actor, permission, t) -> true);
        if (level > 0) {
            b.compressionLevel(level);
        }
        return b.build();
    }

    private long[] load(MongoDatabase db, Shape shape) {
        long[] n = new long[2];
        Map<String, List<RawBsonDocument>> batches = new LinkedHashMap<>();
        InsertManyOptions unordered = new InsertManyOptions().ordered(false);
        shape.generate((long) o.sizeMb * 1_000_000L, 16, (c, d) -> {
            List<RawBsonDocument> b = batches.computeIfAbsent(c, x -> new ArrayList<>());
            b.add(new RawBsonDocument(d));
            n[0]++;
            n[1] += d.length;
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
        return n;
    }

    private static long count(MongoDatabase db) {
        long n = 0;
        for (String c : db.listCollectionNames()) {
            if (!c.startsWith("system.") && !c.startsWith(MongoDatabaseSource.DEFAULT_STAGING_PREFIX)) {
                n += db.getCollection(c).countDocuments();
            }
        }
        return n;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Leaves only {@code keep} in the library's tenant folder (safety backups and older runs go). */
    private static void clean(Path store, String keep) throws IOException {
        Path folder = store.resolve(TENANT).resolve("db-backups");
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals(keep) && Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Path onlyFile(Path store) throws IOException {
        try (Stream<Path> s = Files.walk(store)) {
            List<Path> files = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".gz.enc")).toList();
            if (files.size() != 1) {
                throw new IOException("expected one archive in " + store + ", found " + files);
            }
            return files.get(0);
        }
    }

    private static <T> List<T> rotate(List<T> list, int i) {
        List<T> out = new ArrayList<>(list);
        java.util.Collections.rotate(out, -(i % list.size()));
        if (i % 2 == 1) {
            java.util.Collections.reverse(out);
        }
        return out;
    }

    private static void progress(Shape s, String what, int i) {
        log("%s %s: pair %d done", s, what, i + 1);
    }

    static void log(String format, Object... args) {
        System.err.println("[vs " + Instant.now().toString().substring(11, 19) + "] " + String.format(Locale.ROOT, format, args));
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

    /**
     * The server's JVM: a fixed heap (nothing resized during a run) and the parallel collector with one
     * thread, whose pauses are short and whose cost lands on the server's own CPU figure, not on a tool's.
     */
    static List<String> serverJvmOptions(long heapMb) {
        return List.of("-Xms" + heapMb + "m", "-Xmx" + heapMb + "m", "-XX:+UseParallelGC", "-XX:ParallelGCThreads=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error");
    }
}
