package com.daaisuite.backup.web;

import static com.daaisuite.backup.web.Http.as;
import static com.daaisuite.backup.web.Http.awaitJob;
import static com.daaisuite.backup.web.Http.field;
import static com.daaisuite.backup.web.Http.get;
import static com.daaisuite.backup.web.Http.post;
import static com.daaisuite.backup.web.WebFixture.ADMIN;
import static com.daaisuite.backup.web.WebFixture.OPERATOR;
import static com.daaisuite.backup.web.WebFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.web.internal.Json;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Only some data" over HTTP, as the adapters call the core: the backup's collections, the previews and
 * the restores of chosen collections and of the documents deleted since a backup; the typed name, RESTORE
 * and CSRF guard each of them, and hostile bodies (unknown or malformed names, huge lists) change nothing.
 */
class PartialRestoreTest {
    static WebFixture f;
    static String newest;

    @BeforeAll
    static void start() throws Exception {
        f = WebFixture.start();
        newest = f.seeded.get(f.seeded.size() - 1);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    /** Each test starts from the seeded data: the invoices and the settings the backups hold. */
    @AfterEach
    void putTheSeededDataBack() {
        var db = f.client.getDatabase(WebFixture.DATABASE);
        db.getCollection("invoices").drop();
        db.getCollection("settings").drop();
        WebFixture.seedDatabase(db, 40);
    }

    static MongoCollection<Document> invoices() {
        return f.client.getDatabase(WebFixture.DATABASE).getCollection("invoices");
    }

    static MongoCollection<Document> settings() {
        return f.client.getDatabase(WebFixture.DATABASE).getCollection("settings");
    }

    static WebResponse call(WebRequest.Builder b) {
        return f.web.handle(b.build());
    }

    static WebResponse postAs(Actor actor, String path, Map<String, ?> body) {
        return call(post(path, actor, f.csrfFor(actor), body));
    }

    /** After snapshot A: 3 invoices deleted, 1 added, 1 changed. */
    static void accident() {
        invoices().deleteMany(Filters.in("_id", "INV-0003", "INV-0004", "INV-0005"));
        invoices().insertOne(new Document("_id", "INV-9001").append("amount", 1).append("status", "paid"));
        invoices().updateOne(Filters.eq("_id", "INV-0010"), Updates.set("amount", 0));
    }

    static List<Document> all(MongoCollection<Document> c) {
        return c.find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    @Test
    void the_dialog_is_offered_the_backups_collections_with_their_document_counts() {
        WebResponse r = call(as(get("/api/restore-contents"), ADMIN).query("file", newest));
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        assertThat(r.bodyText()).contains("\"workspaceName\":\"Acme Traders\"", "{\"name\":\"invoices\",\"documents\":40}",
                "{\"name\":\"settings\",\"documents\":1}");
    }

    @Test
    void bring_back_deleted_previews_the_missing_documents_and_puts_back_exactly_those() throws Exception {
        accident();
        Map<String, Object> choice = Map.of("file", newest, "collection", "invoices");
        WebResponse preview = postAs(ADMIN, "/api/restore-preview/deleted", choice);
        assertThat(preview.status()).as(preview.bodyText()).isEqualTo(200);
        assertThat(preview.bodyText()).contains("\"bringBack\":3", "\"stillThere\":37",
                "3 documents of invoices were deleted since this backup and will be put back.");
        Document changed = invoices().find(Filters.eq("_id", "INV-0010")).first();

        WebResponse started = postAs(ADMIN, "/api/restores/deleted", Map.of("file", newest, "collection", "invoices",
                "typedName", WebFixture.WORKSPACE));
        assertThat(started.status()).as(started.bodyText()).isEqualTo(202);
        String job = awaitJob(f.web, ADMIN, field(started.bodyText(), "jobId"), Duration.ofSeconds(60));
        assertThat(job).as(job).contains("\"state\":\"succeeded\"", "\"scope\":\"deleted\"", "\"collection\":\"invoices\"",
                "\"documents\":3");
        assertThat(field(job, "safetyBackup")).contains("pre-restore");
        assertThat(invoices().countDocuments()).isEqualTo(41);
        assertThat(invoices().countDocuments(Filters.in("_id", "INV-0003", "INV-0004", "INV-0005"))).isEqualTo(3);
        assertThat(invoices().find(Filters.eq("_id", "INV-9001")).first()).as("added since: kept").isNotNull();
        assertThat(invoices().find(Filters.eq("_id", "INV-0010")).first()).as("changed since: left as it is").isEqualTo(changed);

        WebResponse again = postAs(ADMIN, "/api/restore-preview/deleted", choice);
        assertThat(again.bodyText()).contains("\"bringBack\":0", "Nothing was deleted from invoices since this backup");
    }

    @Test
    void a_wrong_typed_name_restores_nothing_of_either_kind() {
        accident();
        List<Document> before = all(invoices());
        for (String near : List.of("acme traders", "Acme Traders ", "")) {
            WebResponse deleted = postAs(ADMIN, "/api/restores/deleted", Map.of("file", newest, "collection", "invoices",
                    "typedName", near));
            assertThat(deleted.status()).as(deleted.bodyText()).isEqualTo(422);
            assertThat(deleted.bodyText()).contains("\"code\":\"confirmation_mismatch\"");
            WebResponse collections = postAs(ADMIN, "/api/restores/collections", Map.of("file", newest,
                    "collections", List.of("invoices"), "typedName", near));
            assertThat(collections.status()).as(collections.bodyText()).isEqualTo(422);
        }
        assertThat(all(invoices())).isEqualTo(before);
    }

    @Test
    void without_restore_permission_every_endpoint_refuses() {
        for (Actor a : List.of(OPERATOR, VIEWER)) {
            assertThat(call(as(get("/api/restore-contents"), a).query("file", newest)).status()).as(a.displayName()).isEqualTo(403);
            Map<String, Object> body = Map.of("file", newest, "collection", "invoices", "collections", List.of("invoices"),
                    "typedName", WebFixture.WORKSPACE);
            for (String path : List.of("/api/restore-preview/collections", "/api/restores/collections",
                    "/api/restore-preview/deleted", "/api/restores/deleted")) {
                WebResponse r = postAs(a, path, body);
                assertThat(r.status()).as(a.displayName() + " " + path).isEqualTo(403);
                assertThat(r.bodyText()).contains("\"code\":\"permission_denied\"");
            }
        }
    }

    @Test
    void a_post_without_this_sessions_csrf_token_is_refused_and_starts_nothing() {
        accident();
        long before = invoices().countDocuments();
        for (String path : List.of("/api/restore-preview/collections", "/api/restores/collections",
                "/api/restore-preview/deleted", "/api/restores/deleted")) {
            Map<String, Object> body = Map.of("file", newest, "collection", "invoices", "collections", List.of("invoices"),
                    "typedName", WebFixture.WORKSPACE);
            for (String token : java.util.Arrays.asList(null, f.csrfFor(OPERATOR), "x")) {
                WebResponse r = call(post(path, ADMIN, token, body));
                assertThat(r.status()).as(path + " with " + token).isEqualTo(403);
                assertThat(r.bodyText()).contains("\"code\":\"csrf_invalid\"");
            }
            assertThat(call(as(get(path), ADMIN)).status()).as("GET " + path).isEqualTo(405);
        }
        assertThat(invoices().countDocuments()).isEqualTo(before);
    }

    @Test
    void names_the_backup_does_not_hold_are_refused_before_anything_is_read_or_changed() {
        accident();
        List<Document> before = all(invoices());
        for (String name : List.of("nope", "invoices$", "inv\u0000oices", "system.users", "$cmd", "invoices.x", "")) {
            WebResponse deleted = postAs(ADMIN, "/api/restore-preview/deleted", Map.of("file", newest, "collection", name));
            assertThat(deleted.status()).as("deleted '%s': %s", name, deleted.bodyText()).isEqualTo(400);
            WebResponse restoreDeleted = postAs(ADMIN, "/api/restores/deleted", Map.of("file", newest, "collection", name,
                    "typedName", WebFixture.WORKSPACE));
            assertThat(restoreDeleted.status()).as("restore deleted '%s'", name).isEqualTo(400);
            for (String path : List.of("/api/restore-preview/collections", "/api/restores/collections")) {
                WebResponse r = postAs(ADMIN, path, Map.of("file", newest, "collections", List.of("invoices", name),
                        "typedName", WebFixture.WORKSPACE));
                assertThat(r.status()).as("%s '%s': %s", path, name, r.bodyText()).isEqualTo(400);
                assertThat(r.bodyText()).containsAnyOf("\"code\":\"unknown_collection\"", "\"code\":\"bad_request\"")
                        .doesNotContain(name.isEmpty() ? "\u0001" : name.replace("\u0000", "\\u0000"));
            }
        }
        assertThat(all(invoices())).isEqualTo(before);
    }

    @Test
    void malformed_choices_are_bad_requests_with_a_sentence_saying_what_to_send() {
        String path = "/api/restore-preview/collections";
        assertThat(postAs(ADMIN, path, Map.of("file", newest, "collections", List.of())).bodyText())
                .contains("\"code\":\"bad_request\"", "Pick at least one collection");
        assertThat(postAs(ADMIN, path, Map.of("file", newest, "collections", "invoices")).bodyText())
                .contains("\"code\":\"bad_request\"", "must be an array of names");
        assertThat(postAs(ADMIN, path, Map.of("file", newest)).status()).isEqualTo(400);
        assertThat(postAs(ADMIN, path, Map.of("collections", List.of("invoices"))).status()).isEqualTo(400);
        WebResponse twice = postAs(ADMIN, path, Map.of("file", newest, "collections", List.of("invoices", "invoices")));
        assertThat(twice.status()).as(twice.bodyText()).isEqualTo(400);
        assertThat(twice.bodyText()).contains("\"code\":\"invalid_selection\"", "Nothing was changed.", "(reference ");
        WebResponse nested = call(post(path, ADMIN, f.csrfFor(ADMIN), Map.of()).body(
                ("{\"file\":\"" + newest + "\",\"collections\":[[\"invoices\"]]}").getBytes(StandardCharsets.UTF_8)));
        assertThat(nested.status()).isEqualTo(400);
        WebResponse missing = postAs(ADMIN, "/api/restore-preview/deleted", Map.of("file", "daai_acme_2020-01-01_00-00-00_manual.gz.enc",
                "collection", "invoices"));
        assertThat(missing.status()).as(missing.bodyText()).isIn(400, 404);
    }

    @Test
    void huge_lists_are_refused_unread_or_as_unknown_and_change_nothing() {
        accident();
        List<Document> before = all(invoices());
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            many.add("c" + i);
        }
        WebResponse big = postAs(ADMIN, "/api/restores/collections", Map.of("file", newest, "collections", many,
                "typedName", WebFixture.WORKSPACE));
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.bodyText()).contains("larger than 16 KiB");
        List<String> fewer = many.subList(0, 1500);
        assertThat(Json.write(Map.of("collections", fewer)).length()).isLessThan(Json.MAX_REQUEST_BYTES);
        WebResponse unknown = postAs(ADMIN, "/api/restores/collections", Map.of("file", newest, "collections", fewer,
                "typedName", WebFixture.WORKSPACE));
        assertThat(unknown.status()).as(unknown.bodyText()).isEqualTo(400);
        assertThat(unknown.bodyText()).contains("\"code\":\"unknown_collection\"");
        assertThat(all(invoices())).isEqualTo(before);
    }

    @Test
    void a_planted_plaintext_backup_brings_back_deleted_documents_only_with_the_explicit_acceptance() throws Exception {
        String planted = f.plantPlaintext();
        try {
            invoices().deleteOne(Filters.eq("_id", "INV-0007"));
            Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("file", planted, "collection", "invoices",
                    "typedName", WebFixture.WORKSPACE));
            WebResponse refused = postAs(ADMIN, "/api/restores/deleted", body);
            String job = awaitJob(f.web, ADMIN, field(refused.bodyText(), "jobId"), Duration.ofSeconds(60));
            assertThat(job).contains("\"state\":\"failed\"", "\"code\":\"unverified_origin\"",
                    "No document was deleted or changed");
            assertThat(invoices().countDocuments()).isEqualTo(39);
            body.put("acceptUnverifiedOrigin", true);
            WebResponse accepted = postAs(ADMIN, "/api/restores/deleted", body);
            String done = awaitJob(f.web, ADMIN, field(accepted.bodyText(), "jobId"), Duration.ofSeconds(60));
            assertThat(done).as(done).contains("\"state\":\"succeeded\"", "\"documents\":1");
            assertThat(invoices().countDocuments()).isEqualTo(40);
        } finally {
            java.nio.file.Files.deleteIfExists(f.dir.resolve(WebFixture.TENANT).resolve("db-backups").resolve(planted));
        }
    }

    @Test
    void picking_a_collection_previews_what_it_brings_back_replaces_and_loses_and_restores_only_it() throws Exception {
        accident();
        settings().updateOne(Filters.eq("_id", "workspace"), Updates.set("name", "Renamed since"));
        List<Document> settingsBefore = all(settings());
        Map<String, Object> choice = Map.of("file", newest, "collections", List.of("invoices"));
        WebResponse preview = postAs(ADMIN, "/api/restore-preview/collections", choice);
        assertThat(preview.status()).as(preview.bodyText()).isEqualTo(200);
        assertThat(preview.bodyText()).contains("{\"name\":\"invoices\",\"status\":\"changed\",\"bringBack\":3,\"replace\":1,\"lose\":1",
                "This collection becomes exactly what it was in this backup: 3 documents brought back, 1 replaced by the"
                        + " backup's version, 1 lost (added since the backup).");

        WebResponse started = postAs(ADMIN, "/api/restores/collections", Map.of("file", newest, "collections", List.of("invoices"),
                "typedName", WebFixture.WORKSPACE));
        assertThat(started.status()).as(started.bodyText()).isEqualTo(202);
        String job = awaitJob(f.web, ADMIN, field(started.bodyText(), "jobId"), Duration.ofSeconds(60));
        assertThat(job).as(job).contains("\"state\":\"succeeded\"", "\"scope\":\"collections\"", "\"collections\":[\"invoices\"]");
        assertThat(invoices().countDocuments()).isEqualTo(40);
        assertThat(invoices().find(Filters.eq("_id", "INV-9001")).first()).isNull();
        assertThat(invoices().find(Filters.eq("_id", "INV-0010")).first().getInteger("amount")).isEqualTo(1250);
        assertThat(all(settings())).as("every other collection keeps its live contents").isEqualTo(settingsBefore);
    }
}
