package com.daaisuite.backup.benchmarks.e2e;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.DocumentRestoreResult;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.RestoreScope;
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
import com.mongodb.client.model.Filters;
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
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Issue 24's numbers: on an 80 MB synthetic tenant in the test server (the e2e tenant at 57 MB, whose
 * {@code leads} are 20 MB, plus a 23 MB {@code attendance} collection), run after run: a whole restore
 * of the snapshot, a collections restore of the 20 MB {@code leads} alone, and a 100-document undelete
 * ({@code restoreDocuments} of 100 deleted invoices by {@code _id}, missing only). Every restore takes its
 * pre-restore safety backup as in production: of the whole database for the whole restore, of the chosen
 * collection for the other two (partial safety snapshots, docs/restore.md).
 *
 * <pre>
 * java -Xmx256m -cp backup-benchmarks/target/benchmarks.jar com.daaisuite.backup.benchmarks.e2e.PartialRestoreBenchmark \
 *     --runs 3 --work /tmp/partial-bench
 * </pre>
 */
public final class PartialRestoreBenchmark {
    private static final Actor ACTOR = Actor.user("benchmark");
    private static final Tenant TENANT = Tenant.builder("acme").workspaceName("Acme Traders").databaseName("tenant_acme").build();

    private final MasterKey key = MasterKey.generate(new SecureRandom());
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");
    private volatile double lastSafety;

    /** @param args --runs N --work DIR */
    public static void main(String[] args) throws Exception {
        int runs = 3;
        Path work = Path.of("/tmp/partial-bench");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> lines = new PartialRestoreBenchmark().run(runs, work);
        System.out.println();
        lines.forEach(System.out::println);
        System.exit(0);
    }

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

    private List<String> run(int runs, Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        RestorePointBenchmark.deleteTree(dir);
        Files.createDirectories(dir);
        try (ServerProcess server = ServerProcess.start(2048, dir.resolve("server.log"));
                MongoClient client = MongoClients.create(MongoClientSettings.builder()
                        .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + server.port()))
                        .applyToSocketSettings(b -> b.connectTimeout(300, TimeUnit.SECONDS).readTimeout(600, TimeUnit.SECONDS))
                        .applyToClusterSettings(b -> b.serverSelectionTimeout(300, TimeUnit.SECONDS)).build())) {
            MongoDatabase db = client.getDatabase(TENANT.databaseName());
            try (BulkLoader l = new BulkLoader(db, 2, 1000, 8 << 20)) {
                SyntheticTenant.generate(42, 57_000_000L, (k, d) -> l.add(k.collection(), d));
                SyntheticTenant.generate(43, 46_000_000L, (k, d) -> {
                    if (k == SyntheticTenant.Kind.INVOICES) {
                        l.add("attendance", d);
                    }
                });
                l.finish();
                lines.add(String.format(Locale.ROOT, "loaded %d documents, %.1f MB of BSON; leads %.1f MB", l.documents(),
                        l.bytes() / 1e6, size(db, "leads") / 1e6));
            }
            Files.createDirectories(dir.resolve("storage"));
            try (Backups b = Backups.builder().source(MongoDatabaseSource.builder(client).build())
                    .storage(FileSystemStorageBackend.at(dir.resolve("storage"))).keys(KeyProviders.of(key))
                    .tenants(TenantDirectory.of(List.of(TENANT))).access((a, p, t) -> true).clock(stepping())
                    .listener(e -> {
                        if (e.type() == com.daaisuite.backup.core.BackupEvent.Type.BACKUP_COMPLETED) {
                            lastSafety = e.duration().toNanos() / 1e9;
                        }
                    })
                    .nodeName("bench").build()) {
                String a = b.backup(ACTOR, TENANT.id(), BackupTrigger.MANUAL).snapshot().fileName();
                List<Object> invoiceIds = new ArrayList<>();
                db.getCollection("invoices").find().projection(new Document("_id", 1)).limit(100)
                        .forEach(d -> invoiceIds.add(d.get("_id")));
                List<String> idTexts = invoiceIds.stream().map(PartialRestoreBenchmark::idText).toList();
                for (int r = 1; r <= runs; r++) {
                    long t0 = System.nanoTime();
                    b.catalog().verify(ACTOR, TENANT.id(), a);
                    double verifyS = (System.nanoTime() - t0) / 1e9;
                    t0 = System.nanoTime();
                    RestoreResult whole = b.restores().restore(ACTOR, new RestoreRequest(TENANT.id(), a, TENANT.workspaceName()));
                    double wholeS = (System.nanoTime() - t0) / 1e9;
                    double wholeSafety = lastSafety;
                    t0 = System.nanoTime();
                    RestoreResult leads = b.restores().restore(ACTOR, new RestoreRequest(TENANT.id(), a, TENANT.workspaceName())
                            .collections(RestoreScope.collections(List.of("leads"))));
                    double leadsS = (System.nanoTime() - t0) / 1e9;
                    double leadsSafety = lastSafety;
                    db.getCollection("invoices").deleteMany(Filters.in("_id", invoiceIds));
                    t0 = System.nanoTime();
                    DocumentRestoreResult undelete = b.restores().restoreDocuments(ACTOR, new RestoreRequest(TENANT.id(), a,
                            TENANT.workspaceName()).documents(RestoreScope.documents("invoices", idTexts).onlyMissing()));
                    double undeleteS = (System.nanoTime() - t0) / 1e9;
                    lines.add(String.format(Locale.ROOT, "run %d: whole restore %.2f s (%d documents); collections restore of leads"
                            + " %.2f s (%d documents) = %.2fx the whole restore; 100-document undelete %.2f s (%d inserted);"
                            + " of which safety backups %.2f / %.2f / %.2f s; a verify (the proof's reads) %.2f s", r,
                            wholeS, whole.documents(), leadsS, leads.documents(), leadsS / wholeS, undeleteS, undelete.inserted(),
                            wholeSafety, leadsSafety, lastSafety, verifyS));
                    System.err.println("[partial] " + lines.get(lines.size() - 1));
                }
            }
        }
        return lines;
    }

    private static long size(MongoDatabase db, String collection) {
        Document stats = db.runCommand(new Document("collStats", collection));
        return ((Number) stats.get("size")).longValue();
    }

    private static String idText(Object id) {
        return new Document("v", id).toJson().replaceFirst("^\\{\"v\": ", "").replaceFirst("}$", "");
    }
}
