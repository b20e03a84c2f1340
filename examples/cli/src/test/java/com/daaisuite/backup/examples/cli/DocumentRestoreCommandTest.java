package com.daaisuite.backup.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.crypto.MasterKey;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code restore --collection C --ids JSON_ARRAY | --filter JSON [--missing-only] [--dry-run]}, end to end. */
class DocumentRestoreCommandTest {
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

    /** Snapshot of 20 documents, then 1-3 deleted, 4 changed, 21 added; returns the snapshot's file. */
    private String scenario(String tenant, String db) {
        MongoCollection<Document> c2 = h.client.getDatabase(db).getCollection("c2");
        for (int i = 1; i <= 20; i++) {
            c2.insertOne(new Document("_id", i).append("n", i));
        }
        String file = h.backup(env, storage, tenant, db);
        c2.deleteMany(Filters.in("_id", 1, 2, 3));
        c2.updateOne(Filters.eq("_id", 4), Updates.set("n", 400));
        c2.insertOne(new Document("_id", 21).append("n", 21));
        return file;
    }

    private List<Document> live(String db) {
        return h.client.getDatabase(db).getCollection("c2").find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    private CliHarness.Result restore(String tenant, String db, String file, String confirm, String... more) {
        List<String> args = new ArrayList<>(List.of("restore", "--mongo", h.mongoUri, "--db", db, "--tenant", tenant,
                "--storage", storage.toString(), "--file", file, "--confirm", confirm));
        args.addAll(List.of(more));
        return CliHarness.run(env, args.toArray(String[]::new));
    }

    @Test
    void idsWithMissingOnlyBringBackTheDeletedOnesAndShowThePreviewAndTheCounts() {
        String file = scenario("idsco", "db_ids");

        CliHarness.Result r = restore("idsco", "db_ids", file, "idsco", "--collection", "c2", "--ids", "[1, 2, {\"$numberInt\": \"3\"}, 4]",
                "--missing-only");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("only the chosen documents of collection c2", "4 chosen",
                "insert 3, replace 0, leave 1 unchanged", "3 inserted, 0 replaced, 1 unchanged", "Safety backup taken first: pre-restore_");
        List<Document> live = live("db_ids");
        assertThat(live).extracting(d -> d.getInteger("_id")).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 21).boxed().toList());
        assertThat(live.get(3).getInteger("n")).isEqualTo(400);
    }

    @Test
    void aFilterWithDryRunShowsWhatWouldBeWrittenAndWritesNothing() {
        String file = scenario("dryco", "db_dry");
        List<Document> before = live("db_dry");

        CliHarness.Result r = restore("dryco", "db_dry", file, "dryco", "--collection", "c2", "--filter", "{\"n\": {\"$lte\": 4}}",
                "--dry-run");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("insert 3, replace 1, leave 0 unchanged", "Dry run: nothing was written");
        assertThat(live("db_dry")).isEqualTo(before);
        assertThat(CliHarness.run(env, "list", "--storage", storage.toString(), "--tenant", "dryco").out())
                .doesNotContain("pre-restore");
    }

    @Test
    void aWrongConfirmationIsExit4AndChangesNothing() {
        String file = scenario("wrongco", "db_wrong");
        List<Document> before = live("db_wrong");

        CliHarness.Result r = restore("wrongco", "db_wrong", file, "WrongCo", "--collection", "c2", "--ids", "[1]");

        assertThat(r.code()).as(r.toString()).isEqualTo(4);
        assertThat(live("db_wrong")).isEqualTo(before);
        assertThat(CliHarness.run(env, "list", "--storage", storage.toString(), "--tenant", "wrongco").out())
                .doesNotContain("pre-restore");
    }

    @Test
    void aTamperedArchiveIsExit3WithoutASafetyBackupOrAnyWrite() throws Exception {
        String file = scenario("tamperco", "db_tamper");
        List<Document> before = live("db_tamper");
        Path archive = storage.resolve("tamperco").resolve("db-backups").resolve(file);
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length - 20] ^= 0x40;
        Files.write(archive, bytes);

        CliHarness.Result r = restore("tamperco", "db_tamper", file, "tamperco", "--collection", "c2", "--ids", "[1, 2, 3]");

        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(live("db_tamper")).isEqualTo(before);
        try (var files = Files.list(storage.resolve("tamperco").resolve("db-backups"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("pre-restore"));
        }
    }

    @Test
    void badDocumentOptionsAreUsageErrors() {
        String file = scenario("usageco", "db_usage");

        assertThat(restore("usageco", "db_usage", file, "usageco", "--collection", "c2").code()).isEqualTo(2);
        assertThat(restore("usageco", "db_usage", file, "usageco", "--ids", "[1]").code()).isEqualTo(2);
        assertThat(restore("usageco", "db_usage", file, "usageco", "--collection", "c2", "--ids", "not json").code()).isEqualTo(2);
        CliHarness.Result or = restore("usageco", "db_usage", file, "usageco", "--collection", "c2", "--filter", "{\"$or\": []}");
        assertThat(or.code()).as(or.toString()).isEqualTo(2);
        assertThat(or.err()).contains("$or");
    }
}
