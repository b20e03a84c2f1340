package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.DocumentRestoreResult;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreScope;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, "done when": a document restore killed with SIGKILL while it writes documents (a child JVM,
 * {@link DocumentRestoreChildMain}, killed once part of the documents are written) and then run again ends
 * with exactly the result of one uninterrupted run: each write is idempotent by {@code _id}, nothing is
 * deleted, no other document changes. The uninterrupted run is made for comparison from the same starting
 * point, put back with the killed run's own pre-restore safety snapshot.
 */
class DocumentRestoreKillTest {
    static final Tenant T = Tenant.builder("drk").workspaceName("Document Kill Ltd").databaseName("db_drk").build();
    static final int DOCUMENTS = 12_000;
    static final String FILTER = "{\"kind\": \"ledger\"}";

    InProcessMongo mongo;
    MongoClient client;
    MongoDatabase db;
    MongoDatabaseSource source;
    Path root;

    @BeforeEach
    void setUp() throws Exception {
        mongo = new InProcessMongo();
        client = MongoClients.create(Fixtures.mongoSettings(mongo.uri()));
        db = client.getDatabase(T.databaseName());
        source = MongoDatabaseSource.builder(client).build();
        root = Files.createTempDirectory("document-restore-kill");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            docs.add(new Document("_id", i).append("kind", "ledger").append("amount", i).append("pad", "p".repeat(300)));
            if (docs.size() == 5000) {
                db.getCollection("c2").insertMany(docs);
                docs.clear();
            }
        }
        if (!docs.isEmpty()) {
            db.getCollection("c2").insertMany(docs);
        }
        db.getCollection("c1").insertOne(new Document("_id", 1).append("lead", "untouched"));
    }

    @AfterEach
    void tearDown() {
        client.close();
        mongo.close();
    }

    Backups backups() {
        return Backups.builder().source(source).storage(FileSystemStorageBackend.at(root)).keys(KeyProviders.of(Fixtures.KEY_A))
                .tenants(TenantDirectory.of(List.of(T))).access(Fixtures.ACCESS).nodeName("document-kill-parent").build();
    }

    @Test
    void aDocumentRestoreKilledWhileWritingAndRunAgainEndsAsOneUninterruptedRun() throws Exception {
        String a;
        try (Backups b = backups()) {
            a = b.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL).snapshot().fileName();
        }
        // After A: most ledger documents deleted, some changed, new ones added; c1 changed too.
        db.getCollection("c2").deleteMany(Filters.lt("_id", DOCUMENTS - 2000));
        db.getCollection("c2").updateMany(Filters.gte("_id", DOCUMENTS - 100), Updates.set("amount", -1));
        db.getCollection("c2").insertOne(new Document("_id", "new-1").append("kind", "other"));
        db.getCollection("c1").insertOne(new Document("_id", 2).append("lead", "colleague's work"));
        long start = db.getCollection("c2").countDocuments();

        Process p = Fixtures.startChild("256m", DocumentRestoreChildMain.class,
                List.of(Integer.toString(mongo.port()), root.toString(), T.id(), a, "c2", FILTER),
                Map.of("BACKUP_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(Fixtures.KEY_A_BYTES)));
        Fixtures.ChildOutput out = new Fixtures.ChildOutput(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long seen = start;
        while (p.isAlive() && System.nanoTime() < deadline) {
            seen = db.getCollection("c2").countDocuments();
            if (seen > start + (DOCUMENTS - 2000) / 4) {
                break; // about a quarter is in: it is writing now
            }
            Thread.sleep(2);
        }
        p.destroyForcibly(); // SIGKILL: no finally runs
        p.waitFor(30, TimeUnit.SECONDS);
        long atKill = db.getCollection("c2").countDocuments();
        assertThat(out.text()).as("killed while writing, before the end").contains("WRITING").doesNotContain("RESTORED");
        assertThat(atKill).as("part of the documents were written when it was killed").isGreaterThan(start)
                .isLessThan(DOCUMENTS + 1L);

        Snapshot safety;
        Map<String, List<String>> rerun;
        try (Backups b = backups()) {
            DocumentRestoreResult again = b.restores().restoreDocuments(Fixtures.ADMIN,
                    new RestoreRequest(T.id(), a, T.workspaceName()).documents(RestoreScope.documentsMatching("c2", FILTER)));
            assertThat(again.inserted() + again.replaced() + again.unchanged()).isEqualTo(DOCUMENTS);
            rerun = MongoState.live(db);
            // The killed run's safety snapshot holds c2 as it started (c2 alone: a partial snapshot, restored as that
            // collection, the undo): put it back and run once, uninterrupted.
            safety = b.catalog().list(Fixtures.ADMIN, T.id()).stream().filter(s -> s.label() == SnapshotLabel.PRE_RESTORE)
                    .min(java.util.Comparator.comparing(Snapshot::createdAt)).orElseThrow();
            b.restores().restore(Fixtures.ADMIN, new RestoreRequest(T.id(), safety.fileName(), T.workspaceName())
                    .collections(RestoreScope.collections(List.of("c2"))));
            assertThat(db.getCollection("c2").countDocuments()).as("the starting point is back").isEqualTo(start);
            DocumentRestoreResult once = b.restores().restoreDocuments(Fixtures.ADMIN,
                    new RestoreRequest(T.id(), a, T.workspaceName()).documents(RestoreScope.documentsMatching("c2", FILTER)));
            assertThat(once.inserted()).isEqualTo(DOCUMENTS - 2000);
            assertThat(once.replaced()).isEqualTo(100);
        }
        assertThat(MongoState.diff(MongoState.live(db), rerun)).as("killed and run again = run once").isEmpty();
        assertThat(rerun.get("c2")).hasSize(DOCUMENTS + 1);
        assertThat(rerun.get("c1")).hasSize(2);
        System.out.println("[document restore kill] killed with " + (atKill - start) + " of " + (DOCUMENTS - 2000)
                + " missing documents written");
    }
}
