package com.daaisuite.backup.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.crypto.MasterKey;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * inspect, compare (--to, --live) and find, end to end against embedded MongoDB and a folder, with
 * exactly the spellings and the --json fields docs/cli.md documents.
 */
class RestorePointCommandsTest {
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

    /** Backs up db twice: the second time invoice 2 is gone, invoice 3 changed and the imports dropped. */
    private String[] twoBackups(String tenant, String db) {
        MongoDatabase d = h.client.getDatabase(db);
        for (int i = 1; i <= 4; i++) {
            d.getCollection("invoices").insertOne(new Document("_id", "inv-" + i).append("amount", i));
        }
        d.getCollection("imports").insertOne(new Document("_id", 1));
        String a = h.backup(env, storage, tenant, db);
        d.getCollection("invoices").deleteOne(Filters.eq("_id", "inv-2"));
        d.getCollection("invoices").updateOne(Filters.eq("_id", "inv-3"), new Document("$set", new Document("amount", 0)));
        d.getCollection("imports").drop();
        String b = h.backup(env, storage, tenant, db);
        return new String[] {a, b};
    }

    private CliHarness.Result ok(String... args) {
        CliHarness.Result r = CliHarness.run(env, args);
        assertThat(r.code()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void inspectJsonHasEveryDocumentedField() {
        String[] ab = twoBackups("insco", "db_ins");
        BsonDocument o = BsonDocument.parse(ok("inspect", "--storage", storage.toString(), "--tenant", "insco", "--file", ab[0],
                "--json").out());
        assertThat(o.keySet()).contains("collections", "digest", "fileName", "label", "createdAt", "encrypted", "note", "actor");
        assertThat(o.getString("fileName").getValue()).isEqualTo(ab[0]);
        assertThat(o.getBoolean("encrypted").getValue()).isTrue();
        assertThat(o.getString("digest").getValue()).hasSize(64);
        BsonDocument invoices = o.getArray("collections").stream().map(BsonValue::asDocument)
                .filter(c -> c.getString("name").getValue().equals("invoices")).findFirst().orElseThrow();
        assertThat(invoices.keySet()).contains("name", "type", "documents", "indexes", "digest");
        assertThat(invoices.getNumber("documents").longValue()).isEqualTo(4);
        assertThat(invoices.getArray("indexes").stream().map(v -> v.asString().getValue())).contains("_id_");

        CliHarness.Result text = ok("inspect", "--storage", storage.toString(), "--tenant", "insco", "--file", ab[0]);
        assertThat(text.out()).contains("invoices", "imports", "recorded at backup time");
    }

    @Test
    void compareToGivesStatusesCountsAndSamplesAsExtendedJson() {
        String[] ab = twoBackups("cmpco", "db_cmp");
        BsonDocument o = BsonDocument.parse(ok("compare", "--storage", storage.toString(), "--tenant", "cmpco", "--file", ab[0],
                "--to", ab[1], "--samples", "3", "--json").out());
        BsonArray cols = o.getArray("collections");
        assertThat(cols.stream().map(c -> c.asDocument().getString("name").getValue() + ":"
                + c.asDocument().getString("status").getValue())).containsExactly("imports:removed", "invoices:changed");
        BsonDocument inv = cols.get(1).asDocument();
        assertThat(List.of(inv.getNumber("onlyInA").longValue(), inv.getNumber("onlyInB").longValue(), inv.getNumber("changed").longValue(),
                inv.getNumber("same").longValue())).containsExactly(1L, 0L, 1L, 2L);
        assertThat(inv.getDocument("samples").getArray("onlyInA").get(0).asString().getValue()).isEqualTo("inv-2");
        assertThat(inv.getDocument("samples").getArray("changed").get(0).asString().getValue()).isEqualTo("inv-3");
    }

    @Test
    void compareLiveRightAfterABackupIsTheSameEverywhere() {
        String[] ab = twoBackups("liveco", "db_live");
        BsonDocument o = BsonDocument.parse(ok("compare", "--storage", storage.toString(), "--tenant", "liveco", "--file", ab[1],
                "--live", "--mongo", h.mongoUri, "--db", "db_live", "--json").out());
        assertThat(o.getString("b").getValue()).isEqualTo("live");
        assertThat(o.getArray("collections")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.asDocument().getString("status").getValue()).isEqualTo("same"));
        CliHarness.Result text = ok("compare", "--storage", storage.toString(), "--tenant", "liveco", "--file", ab[0], "--live",
                "--mongo", h.mongoUri, "--db", "db_live");
        assertThat(text.out()).contains("the live database", "removed", "only in A: \"inv-2\"");
    }

    @Test
    void findJsonIsNewestFirstAndShowsTheDeletedDocumentOnlyInTheOlderSnapshot() {
        String[] ab = twoBackups("findco", "db_find");
        BsonArray rows = BsonArray.parse(ok("find", "--storage", storage.toString(), "--tenant", "findco", "--collection",
                "invoices", "--id", "inv-2", "--json").out());
        assertThat(rows).hasSize(2);
        BsonDocument newer = rows.get(0).asDocument();
        BsonDocument older = rows.get(1).asDocument();
        assertThat(newer.keySet()).contains("fileName", "createdAt", "present", "digest", "changedFromOlder");
        assertThat(newer.getString("fileName").getValue()).isEqualTo(ab[1]);
        assertThat(newer.getBoolean("present").getValue()).isFalse();
        assertThat(newer.get("digest").isNull()).isTrue();
        assertThat(newer.getBoolean("changedFromOlder").getValue()).isTrue();
        assertThat(older.getBoolean("present").getValue()).isTrue();
        assertThat(older.getString("digest").getValue()).hasSize(64);
    }

    @Test
    void badValuesAreUsageErrors() {
        String[] ab = twoBackups("badco", "db_bad");
        assertThat(CliHarness.run(env, "compare", "--storage", storage.toString(), "--tenant", "badco", "--file", ab[0], "--to",
                ab[1], "--samples", "-1").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliHarness.run(env, "compare", "--storage", storage.toString(), "--tenant", "badco", "--file", ab[0]).code())
                .as("neither --to nor --live").isEqualTo(ExitCodes.USAGE);
        assertThat(CliHarness.run(env, "find", "--storage", storage.toString(), "--tenant", "badco", "--collection", "invoices",
                "--id", " ").code()).isEqualTo(ExitCodes.USAGE);
    }
}
