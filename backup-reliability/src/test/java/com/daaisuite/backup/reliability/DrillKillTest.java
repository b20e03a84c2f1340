package com.daaisuite.backup.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.DrillResult;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import com.daaisuite.backup.crypto.KeyProviders;
import com.daaisuite.backup.mongo.MongoDatabaseSource;
import com.daaisuite.backup.storage.fs.FileSystemStorageBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A drill process killed with SIGKILL mid-drill (a child JVM, {@link DrillChildMain}, stopped by step:
 * while loading the scratch database, and with everything staged just before the swap) leaves its
 * scratch database behind; the next {@code runDue} tick drops it and its restore journal, the live
 * database is untouched throughout, and the next drill passes.
 */
class DrillKillTest {
    static final Tenant T = Fixtures.tenant("dk");
    static final String SCRATCH = T.databaseName() + "__daai_drill";

    InProcessMongo mongo;
    MongoClient client;
    MongoDatabase db;
    Path root;
    MongoDatabaseSource source;

    @BeforeEach
    void setUp() throws Exception {
        mongo = new InProcessMongo();
        client = MongoClients.create(Fixtures.mongoSettings(mongo.uri()));
        db = client.getDatabase(T.databaseName());
        root = Files.createTempDirectory("drill-kill");
        source = MongoDatabaseSource.builder(client).build();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            docs.add(new Document("_id", "doc-" + i).append("pad", "x".repeat(400)));
        }
        db.getCollection("bulk").insertMany(docs);
        db.getCollection("small").insertOne(new Document("_id", 1));
    }

    @AfterEach
    void tearDown() {
        client.close();
        mongo.close();
    }

    Backups backups() {
        return Backups.builder().source(source).storage(FileSystemStorageBackend.at(root)).keys(KeyProviders.of(Fixtures.KEY_A))
                .tenants(TenantDirectory.of(List.of(T))).access(Fixtures.ACCESS).nodeName("drill-parent")
                .drillEvery(Duration.ZERO).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"loading", "before-swap"})
    void aDrillKilledMidwayLeavesAScratchDatabaseTheNextTickDrops(String step) throws Exception {
        try (Backups b = backups()) {
            b.backup(Fixtures.ADMIN, T.id(), BackupTrigger.MANUAL);
        }
        Map<String, List<String>> before = MongoState.live(db);

        Process p = Fixtures.startChild("256m", DrillChildMain.class,
                List.of(Integer.toString(mongo.port()), root.toString(), T.id(), step),
                Map.of("BACKUP_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(Fixtures.KEY_A_BYTES)));
        Fixtures.ChildOutput out = new Fixtures.ChildOutput(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!out.contains("STEP " + step) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        p.destroyForcibly(); // SIGKILL: no finally runs
        p.waitFor(30, TimeUnit.SECONDS);
        assertThat(out.text()).as("the child reached the step and was killed there").contains("STEP " + step)
                .doesNotContain("DRILLED");
        assertThat(databases()).as("the killed drill left its scratch database").contains(SCRATCH);
        assertThat(MongoState.diff(before, MongoState.live(db))).as("live data untouched by the killed drill").isEmpty();

        try (Backups b = backups()) {
            b.runDue(java.time.Instant.now()); // scheduled drills are off: the tick only cleans up

            assertThat(databases()).as("the next tick dropped the leftover").doesNotContain(SCRATCH);
            assertThat(source.interruptedRestore(SCRATCH)).as("and forgot its restore journal").isEmpty();
            assertThat(Files.exists(root.resolve(T.id()).resolve("db-backups").resolve("drill-in-progress.json"))).isFalse();
            DrillResult next = b.drills().drill(Fixtures.ADMIN, T.id());
            assertThat(next.passed()).as("reason: %s", next.reason()).isTrue();
            assertThat(next.counts()).containsEntry("bulk", 12_000L);
        }
        assertThat(MongoState.diff(before, MongoState.live(db))).as("live data untouched throughout").isEmpty();
        assertThat(databases()).doesNotContain(SCRATCH);
    }

    private List<String> databases() {
        return client.listDatabaseNames().into(new ArrayList<>());
    }
}
