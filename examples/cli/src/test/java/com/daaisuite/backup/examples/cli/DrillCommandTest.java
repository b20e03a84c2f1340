package com.daaisuite.backup.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.crypto.MasterKey;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code daai-backup drill --storage URI --tenant ID --mongo URI [--file NAME] [--json]}, end to end against
 * embedded MongoDB and a folder: exit 0 when the snapshot proves restorable, 3 when it does not, 1 when
 * the drill could not run; the live database is never touched and no scratch database is left.
 */
class DrillCommandTest {
    static CliHarness h;
    static Map<String, String> env;

    @TempDir
    Path storage;

    @BeforeAll
    static void start() {
        h = new CliHarness();
        MasterKey key = CliHarness.newKey();
        env = CliHarness.env(key);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private String backup(String tenant) {
        MongoDatabase d = h.client.getDatabase(tenant);
        for (int i = 1; i <= 30; i++) {
            d.getCollection("invoices").insertOne(new Document("_id", "inv-" + i).append("amount", i));
        }
        d.getCollection("leads").insertOne(new Document("_id", 1));
        return h.backup(env, storage, tenant, tenant);
    }

    private List<String> live(String db) {
        List<String> out = new ArrayList<>();
        for (String c : h.client.getDatabase(db).listCollectionNames().into(new ArrayList<>())) {
            h.client.getDatabase(db).getCollection(c).find().sort(Sorts.ascending("_id")).forEach(x -> out.add(c + x.toJson()));
        }
        return out;
    }

    private List<String> databases() {
        return h.client.listDatabaseNames().into(new ArrayList<>());
    }

    @Test
    void aGoodSnapshotPassesWithExit0AndEveryDocumentedJsonField() {
        String file = backup("drillok");
        List<String> before = live("drillok");

        CliHarness.Result r = CliHarness.run(env, "drill", "--storage", storage.toString(), "--tenant", "drillok", "--mongo",
                h.mongoUri, "--json");

        assertThat(r.code()).as(r.toString()).isZero();
        BsonDocument o = BsonDocument.parse(r.out());
        assertThat(o.keySet()).containsExactly("passed", "tenantId", "fileName", "startedAt", "durationMillis",
                "scratchDatabase", "documents", "digestsRecorded", "reason", "collections");
        assertThat(o.getBoolean("passed").getValue()).isTrue();
        assertThat(o.getString("fileName").getValue()).isEqualTo(file);
        assertThat(o.getString("scratchDatabase").getValue()).isEqualTo("drillok__daai_drill");
        assertThat(o.getNumber("documents").longValue()).isEqualTo(31);
        assertThat(o.getDocument("collections").getNumber("invoices").longValue()).isEqualTo(30);
        assertThat(o.isNull("reason")).isTrue();
        assertThat(live("drillok")).isEqualTo(before);
        assertThat(databases()).doesNotContain("drillok__daai_drill");

        CliHarness.Result text = CliHarness.run(env, "drill", "--storage", storage.toString(), "--tenant", "drillok", "--mongo",
                h.mongoUri, "--file", file);
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("PASSED: " + file, "proven restorable", "drillok__daai_drill dropped;")
                .doesNotContain("NOT dropped");
        CliHarness.Result status = CliHarness.run(env, "status", "--storage", storage.toString(), "--tenant", "drillok");
        assertThat(status.out()).contains("Last drill", "passed", file);
        CliHarness.Result list = CliHarness.run(env, "list", "--storage", storage.toString(), "--tenant", "drillok");
        assertThat(list.code()).isZero();
        assertThat(list.out()).containsPattern("Proven restorable on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+: "
                + java.util.regex.Pattern.quote(file) + " \\(last restore drill\\)\\.");
    }

    @Test
    void theTextSaysPlainlyWhenTheScratchDatabaseIsStillOnTheServer() {
        com.daaisuite.backup.core.DrillResult r = new com.daaisuite.backup.core.DrillResult("t1", "f.gz.enc",
                java.time.Instant.parse("2026-12-06T01:00:00Z"), java.time.Duration.ofSeconds(2), true, java.util.Optional.empty(),
                "t1__daai_drill", 3, Map.of("c", 3L), true);

        assertThat(DrillCommand.text(r, true)).contains("scratch database t1__daai_drill NOT dropped: it is still on the server")
                .doesNotContain("t1__daai_drill dropped;");
        assertThat(DrillCommand.text(r, false)).contains("scratch database t1__daai_drill dropped;");
    }

    @Test
    void aSnapshotWhoseLastSegmentIsFlippedFailsWithExit3() throws Exception {
        String file = backup("drillbad");
        Path archive = storage.resolve("drillbad").resolve("db-backups").resolve(file);
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length - 20] ^= 0x40; // inside the last segment's ciphertext or tag
        Files.write(archive, bytes);
        List<String> before = live("drillbad");

        CliHarness.Result r = CliHarness.run(env, "drill", "--storage", storage.toString(), "--tenant", "drillbad", "--mongo",
                h.mongoUri, "--file", file, "--json");

        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        BsonDocument o = BsonDocument.parse(r.out());
        assertThat(o.getBoolean("passed").getValue()).isFalse();
        assertThat(o.getString("reason").getValue()).contains("does not prove out");
        assertThat(r.err()).contains("NOT proven restorable");
        CliHarness.Result list = CliHarness.run(env, "list", "--storage", storage.toString(), "--tenant", "drillbad");
        assertThat(list.out()).contains("Last restore drill FAILED on ", file + " is not proven restorable (see daai-backup status).");
        assertThat(live("drillbad")).isEqualTo(before);
        assertThat(databases()).doesNotContain("drillbad__daai_drill");
        CliHarness.Result status = CliHarness.run(env, "status", "--storage", storage.toString(), "--tenant", "drillbad");
        assertThat(status.out()).contains("Last drill    FAILED on ", file + " is not proven restorable", "does not prove out");
    }

    @Test
    void aDrillThatCannotRunExits1AndLeavesTheTakenScratchNameAlone() {
        backup("drillbusy");
        h.client.getDatabase("drillbusy__daai_drill").getCollection("someone").insertOne(new Document("_id", 1));

        CliHarness.Result r = CliHarness.run(env, "drill", "--storage", storage.toString(), "--tenant", "drillbusy", "--mongo",
                h.mongoUri);

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("the drill could not run", "drillbusy__daai_drill", "already exists");
        assertThat(h.client.getDatabase("drillbusy__daai_drill").getCollection("someone").countDocuments()).isEqualTo(1);
        CliHarness.Result status = CliHarness.run(env, "status", "--storage", storage.toString(), "--tenant", "drillbusy");
        assertThat(status.out()).contains("Last drill    none kept: no snapshot is proven restorable yet");
    }
}
