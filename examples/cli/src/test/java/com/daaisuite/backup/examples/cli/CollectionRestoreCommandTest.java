package com.daaisuite.backup.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.crypto.MasterKey;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code restore --collections a,b [--dry-run]}, end to end on the in-process MongoDB. */
class CollectionRestoreCommandTest {
    static CliHarness h;
    static MasterKey key;
    static Map<String, String> env;

    @TempDir
    Path storage;

    @BeforeAll
    static void start() {
        h = new CliHarness();
        key = CliHarness.newKey();
        env = CliHarness.env(key);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** Snapshot of c1, c2, c3 (10 documents each); then c1 loses 1-3, 4 changes, 11 is added; c2 gains 11. */
    private String scenario(String tenant, String db) {
        MongoDatabase d = h.client.getDatabase(db);
        for (String c : List.of("c1", "c2", "c3")) {
            for (int i = 1; i <= 10; i++) {
                d.getCollection(c).insertOne(new Document("_id", i).append("n", i));
            }
        }
        String file = h.backup(env, storage, tenant, db);
        d.getCollection("c1").deleteMany(Filters.in("_id", 1, 2, 3));
        d.getCollection("c1").updateOne(Filters.eq("_id", 4), Updates.set("n", 400));
        d.getCollection("c1").insertOne(new Document("_id", 11).append("n", 11));
        d.getCollection("c2").insertOne(new Document("_id", 11).append("n", "a colleague's"));
        return file;
    }

    private Map<String, List<Document>> live(String db) {
        Map<String, List<Document>> m = new TreeMap<>();
        MongoDatabase d = h.client.getDatabase(db);
        for (String c : d.listCollectionNames()) {
            m.put(c, d.getCollection(c).find().sort(new Document("_id", 1)).into(new ArrayList<>()));
        }
        return m;
    }

    private CliHarness.Result restore(String tenant, String db, String file, String confirm, String... more) {
        List<String> args = new ArrayList<>(List.of("restore", "--mongo", h.mongoUri, "--db", db, "--tenant", tenant,
                "--storage", storage.toString(), "--file", file, "--confirm", confirm));
        args.addAll(List.of(more));
        return CliHarness.run(env, args.toArray(String[]::new));
    }

    private String list(String tenant) {
        return CliHarness.run(env, "list", "--storage", storage.toString(), "--tenant", tenant).out();
    }

    @Test
    void collectionsRestoreOnlyThoseAndPrintThePreviewAndTheCounts() {
        String file = scenario("colsco", "db_cols");
        Map<String, List<Document>> before = live("db_cols");

        CliHarness.Result r = restore("colsco", "db_cols", file, "colsco", "--collections", "c1,c3");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("only collections c1, c3 are replaced", "bring back 3, replace 1, lose 1, keep 6",
                "Restored collections c1, c3 of database db_cols", "Every other collection was left as it was",
                "Safety backup taken first: pre-restore_");
        Map<String, List<Document>> after = live("db_cols");
        assertThat(after.get("c1")).extracting(d -> d.getInteger("_id")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(after.get("c1").get(3).getInteger("n")).isEqualTo(4);
        assertThat(after.get("c2")).isEqualTo(before.get("c2"));
        assertThat(after.get("c3")).isEqualTo(before.get("c3"));
        assertThat(list("colsco")).contains("pre-restore");
    }

    @Test
    void theSafetyBackupHoldsOnlyTheChosenCollectionsIsListedAsSuchAndRefusesAWholeRestoreWithExit2() {
        String file = scenario("colsundo", "db_colsundo");
        Map<String, List<Document>> before = live("db_colsundo");
        CliHarness.Result r = restore("colsundo", "db_colsundo", file, "colsundo", "--collections", "c1");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("to undo, restore it with --collections c1");
        String safety = list("colsundo").lines().filter(l -> l.contains("pre-restore_")).findFirst().orElseThrow()
                .replaceAll(".*(pre-restore_[0-9TZ_a-z]+\\.gz\\.enc).*", "$1");
        assertThat(list("colsundo")).contains(safety + " holds only collections c1 (the safety backup of a partial restore)");
        Map<String, List<Document>> restored = live("db_colsundo");

        CliHarness.Result whole = restore("colsundo", "db_colsundo", safety, "colsundo");
        assertThat(whole.code()).as(whole.toString()).isEqualTo(2);
        assertThat(whole.err()).contains("holds only the collections [c1]", "--collections c1");
        assertThat(live("db_colsundo")).isEqualTo(restored);

        CliHarness.Result undo = restore("colsundo", "db_colsundo", safety, "colsundo", "--collections", "c1");
        assertThat(undo.code()).as(undo.toString()).isZero();
        assertThat(live("db_colsundo")).isEqualTo(before);
    }

    @Test
    void aDryRunShowsWhatWouldBeBroughtBackReplacedAndLostAndWritesNothing() {
        String file = scenario("colsdry", "db_colsdry");
        Map<String, List<Document>> before = live("db_colsdry");

        CliHarness.Result r = restore("colsdry", "db_colsdry", file, "colsdry", "--collections", "c1", "--dry-run");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("bring back 3, replace 1, lose 1", "Dry run: nothing was written");
        assertThat(live("db_colsdry")).isEqualTo(before);
        assertThat(list("colsdry")).doesNotContain("pre-restore");
    }

    @Test
    void aWrongConfirmationIsExit4AndChangesNothing() {
        String file = scenario("colswrong", "db_colswrong");
        Map<String, List<Document>> before = live("db_colswrong");

        CliHarness.Result r = restore("colswrong", "db_colswrong", file, "ColsWrong", "--collections", "c1");

        assertThat(r.code()).as(r.toString()).isEqualTo(4);
        assertThat(live("db_colswrong")).isEqualTo(before);
        assertThat(list("colswrong")).doesNotContain("pre-restore");
    }

    @Test
    void aCollectionTheSnapshotDoesNotHoldIsAUsageErrorAndChangesNothing() {
        String file = scenario("colsmiss", "db_colsmiss");
        h.client.getDatabase("db_colsmiss").getCollection("c9").insertOne(new Document("_id", 1));
        Map<String, List<Document>> before = live("db_colsmiss");

        CliHarness.Result r = restore("colsmiss", "db_colsmiss", file, "colsmiss", "--collections", "c1,c9");

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("'c9'");
        assertThat(live("db_colsmiss")).isEqualTo(before);
    }

    @Test
    void collectionsWithDocumentOptionsOrAnotherDatabaseAreUsageErrors() {
        String file = scenario("colsusage", "db_colsusage");
        Map<String, List<Document>> before = live("db_colsusage");

        assertThat(restore("colsusage", "db_colsusage", file, "colsusage", "--collections", "c1", "--collection", "c1",
                "--ids", "[1]").code()).isEqualTo(2);
        assertThat(restore("colsusage", "db_colsusage", file, "colsusage", "--collections", "c1", "--filter", "{}").code())
                .isEqualTo(2);
        assertThat(restore("colsusage", "db_colsusage", file, "colsusage", "--collections", "c1", "--missing-only").code())
                .isEqualTo(2);
        assertThat(restore("colsusage", "db_colsusage", file, "other", "--collections", "c1", "--to-db", "other").code())
                .isEqualTo(2);
        assertThat(restore("colsusage", "db_colsusage", file, "colsusage", "--collections", "c1,,c2").code()).isEqualTo(2);
        assertThat(live("db_colsusage")).isEqualTo(before);
    }
}
