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
import com.mongodb.client.model.Filters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint of the core, called as the adapters call it: permissions, CSRF, the typed name, errors. */
class BackupsWebTest {
    static WebFixture f;
    static BackupsWeb web;
    /** Every response body of this class, checked at the end for key material and storage paths. */
    static final List<String> bodies = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        f = WebFixture.start();
        web = f.web;
    }

    @AfterEach
    void resetHostState() {
        f.headroom.set(OptionalLong.empty());
        f.tenant.set(f.tenant.get().withActive(true));
    }

    @AfterAll
    static void stop() throws Exception {
        String key64 = Base64.getEncoder().encodeToString(f.keyBytes);
        String keyHex = HexFormat.of().formatHex(f.keyBytes);
        for (String body : bodies) {
            assertThat(body).doesNotContain(key64).doesNotContain(keyHex).doesNotContain(f.dir.toString())
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
        f.close();
    }

    static WebResponse call(WebRequest.Builder b) {
        WebResponse r = web.handle(b.build());
        bodies.add(r.bodyText());
        return r;
    }

    static String csrf(Actor a) {
        WebResponse r = call(as(get("/api/session"), a));
        assertThat(r.status()).isEqualTo(200);
        return field(r.bodyText(), "csrfToken");
    }

    static List<String> files(String listJson) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"file\":\"([^\"]+)\"").matcher(listJson);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    // ------------------------------------------------------------------ the page

    @Test
    void the_page_and_its_assets_come_from_the_jar_with_security_headers() {
        WebResponse page = call(get("/"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.bodyText()).contains(">Database Backups</h1>", "src=\"app.js\"").doesNotContain("http://", "https://");
        assertThat(page.headers()).containsEntry("X-Content-Type-Options", "nosniff").containsEntry("X-Frame-Options", "DENY");
        assertThat(page.headers().get("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'");
        assertThat(call(get("/app.js")).contentType()).startsWith("text/javascript");
        assertThat(call(get("/app.css")).contentType()).startsWith("text/css");
        // Nothing from elsewhere: the only absolute URL in the script is the SVG namespace name, which is never fetched.
        assertThat(call(get("/app.js")).bodyText().replace("'http://www.w3.org/2000/svg'", ""))
                .doesNotContain("innerHTML", "http://", "https://");
    }

    @Test
    void unknown_addresses_and_wrong_methods_are_json_errors() {
        WebResponse missing = call(get("/secrets.txt"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.bodyText()).contains("\"code\":\"not_found\"");
        assertThat(call(as(get("/api/nope"), ADMIN)).status()).isEqualTo(404);
        assertThat(call(WebRequest.builder("POST", "/")).status()).isEqualTo(405);
        assertThat(call(as(WebRequest.builder("DELETE", "/api/snapshots"), ADMIN)).status()).isEqualTo(405);
        WebResponse getOnPost = call(as(get("/api/backups"), ADMIN));
        assertThat(getOnPost.status()).isEqualTo(405);
        assertThat(getOnPost.bodyText()).contains("\"code\":\"method_not_allowed\"");
    }

    @Test
    void without_a_host_session_every_endpoint_answers_401() {
        for (String path : List.of("/api/session", "/api/status", "/api/snapshots", "/api/restore-preview?file=x", "/api/jobs/x")) {
            WebResponse r = call(get(path));
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.bodyText()).contains("\"code\":\"not_signed_in\"");
        }
        WebResponse forged = call(get("/api/snapshots").header("Cookie", WebFixture.COOKIE + "=made-up"));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(call(WebRequest.builder("POST", "/api/backups").header("Content-Type", "application/json")).status()).isEqualTo(401);
    }

    // ------------------------------------------------------------------ session, status, list

    @Test
    void the_session_says_who_for_which_workspace_and_what_they_may_do() {
        String admin = call(as(get("/api/session"), ADMIN)).bodyText();
        assertThat(admin).contains("\"name\":\"Asha Admin\"", "\"name\":\"Acme Traders\"", "\"zone\":\"Asia/Kolkata\"",
                "\"create\":true", "\"restore\":true");
        String viewer = call(as(get("/api/session"), VIEWER)).bodyText();
        assertThat(viewer).contains("\"create\":false", "\"restore\":false");
        assertThat(field(admin, "csrfToken")).isNotEqualTo(field(viewer, "csrfToken")).hasSizeGreaterThan(40);
    }

    @Test
    void a_user_without_view_sees_nothing_of_the_workspace() {
        assertThat(call(as(get("/api/session"), WebFixture.GUEST)).bodyText()).contains("\"view\":false");
        for (String path : List.of("/api/status", "/api/snapshots", "/api/jobs/x")) {
            WebResponse r = call(as(get(path), WebFixture.GUEST));
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.bodyText()).contains("\"code\":\"permission_denied\"", "VIEW");
        }
    }

    @Test
    void an_empty_workspace_says_when_its_first_automated_backup_runs() {
        String list = call(as(get("/api/snapshots"), WebFixture.NEWCOMER)).bodyText();
        assertThat(list).contains("\"snapshots\":[]", "\"zone\":\"Europe/Berlin\"");
        assertThat(field(list, "firstAutomatedBackup")).matches("The first nightly automated backup (runs (tonight|today|on [A-Z][a-z]{2} \\d{1,2} [A-Z][a-z]{2}) at \\d{1,2}(:\\d{2})? [AP]M CES?T\\."
                + "|is due now: it runs at the scheduler's next check\\.)");
    }

    @Test
    void another_workspace_sees_neither_the_snapshots_nor_the_jobs_of_this_one() throws Exception {
        WebResponse started = call(post("/api/backups", ADMIN, csrf(ADMIN), Map.of("note", "acme only")));
        String jobId = field(started.bodyText(), "jobId");
        WebResponse foreign = call(as(get("/api/jobs/" + jobId), WebFixture.NEWCOMER));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.bodyText()).contains("\"code\":\"job_not_found\"");
        String acmeFile = field(awaitJob(web, ADMIN, jobId, Duration.ofSeconds(60)), "file");
        assertThat(call(as(get("/api/snapshots"), WebFixture.NEWCOMER)).bodyText()).doesNotContain(acmeFile);
        WebResponse preview = call(as(get("/api/restore-preview").query("file", acmeFile), WebFixture.NEWCOMER));
        assertThat(preview.status()).isEqualTo(404);
    }

    @Test
    void the_tenant_comes_from_the_host_session_never_from_the_request() {
        // A query parameter or header naming another tenant changes nothing: the endpoints do not read one.
        String list = call(as(get("/api/snapshots"), VIEWER).query("tenant", "globex").header("X-Tenant", "globex")).bodyText();
        assertThat(files(list)).containsAll(f.seeded);
    }

    @Test
    void status_carries_the_last_restore_drill_for_the_proven_restorable_mark() {
        com.daaisuite.backup.core.DrillResult d = f.backups.drills().drill(WebFixture.ADMIN, WebFixture.TENANT);
        String s = call(as(get("/api/status"), VIEWER)).bodyText();
        assertThat(s).contains("\"lastDrill\":{\"file\":\"" + d.fileName() + "\",\"passed\":" + d.passed() + ",\"at\":\""
                + d.startedAt() + "\"");
        assertThat(d.passed()).as("reason: %s", d.reason()).isTrue();
        String when = Formats.when(d.startedAt(), WebFixture.ZONE);
        assertThat(field(s, "sentence")).isEqualTo("The last restore drill passed on " + when + ": the backup " + d.fileName()
                + " was restored into a scratch database and matched what it recorded.");
        // The drilled row, and only it, says "proven restorable on …".
        String list = call(as(get("/api/snapshots"), VIEWER)).bodyText();
        assertThat(list).contains("\"file\":\"" + d.fileName() + "\"");
        Matcher proven = Pattern.compile("\"file\":\"([^\"]+)\"[^{}]*?\"provenRestorableAt\":\"([^\"]+)\",\"proven\":\"([^\"]+)\"")
                .matcher(list);
        assertThat(proven.find()).as(list).isTrue();
        assertThat(proven.group(1)).isEqualTo(d.fileName());
        assertThat(proven.group(2)).isEqualTo(d.startedAt().toString());
        assertThat(proven.group(3)).isEqualTo("Proven restorable on " + when);
        assertThat(proven.find()).as("one proven row").isFalse();
    }

    @Test
    void a_failed_drill_is_a_fixed_sentence_with_a_reference_and_marks_no_row() throws Exception {
        String file = f.seeded.get(1);
        java.nio.file.Path path = f.dir.resolve(WebFixture.TENANT).resolve("db-backups").resolve(file);
        byte[] original = java.nio.file.Files.readAllBytes(path);
        byte[] tampered = original.clone();
        tampered[tampered.length - 5] ^= 0x5a;
        java.nio.file.Files.write(path, tampered);
        try {
            com.daaisuite.backup.core.DrillResult d = f.backups.drills().drill(WebFixture.ADMIN, WebFixture.TENANT, file);
            assertThat(d.passed()).isFalse();
            String s = call(as(get("/api/status"), VIEWER)).bodyText();
            String sentence = field(s, "sentence");
            assertThat(sentence).startsWith("The last restore drill failed on " + Formats.when(d.startedAt(), WebFixture.ZONE)
                    + ": the backup " + file + " did not prove restorable. Tell your infrastructure team. (reference ");
            // The reason names collections, digests and counts: the log has it, the browser does not.
            assertThat(sentence).doesNotContain(d.reason().orElseThrow());
            String list = call(as(get("/api/snapshots"), VIEWER)).bodyText();
            Matcher row = Pattern.compile("\"file\":\"" + Pattern.quote(file) + "\"[^{}]*?\"provenRestorableAt\":null,\"proven\":null")
                    .matcher(list);
            assertThat(row.find()).as(list).isTrue();
        } finally {
            java.nio.file.Files.write(path, original);
        }
    }

    @Test
    void status_shows_the_schedule_and_next_run_in_the_workspace_zone() {
        String s = call(as(get("/api/status"), VIEWER)).bodyText();
        assertThat(s).contains("\"key\":{\"configured\":true,\"problem\":null}", "\"subscription\":{\"active\":true}",
                "\"quota\":{\"state\":\"unlimited\"}", "\"frequency\":\"24-hour\"", "\"zone\":\"Asia/Kolkata\"");
        java.time.Instant next = java.time.Instant.parse(field(s, "nextRunAt"));
        if (next.isAfter(java.time.Instant.now())) {
            assertThat(field(s, "nextRun")).isEqualTo(Formats.when(next, WebFixture.ZONE)).endsWith(" IST");
        } else {
            // Overdue: the host's scheduler takes it on its next tick, and the page says so instead of a past time.
            assertThat(field(s, "nextRun")).isEqualTo("due now (at the scheduler's next run)");
        }
    }

    @Test
    void quota_and_subscription_banners_follow_the_host() {
        f.headroom.set(OptionalLong.of(1L << 40));
        assertThat(call(as(get("/api/status"), VIEWER)).bodyText()).contains("\"state\":\"ok\"");
        f.headroom.set(OptionalLong.of(0));
        assertThat(call(as(get("/api/status"), VIEWER)).bodyText()).contains("\"state\":\"over\"", "\"headroom\":\"0 bytes\"");
        // "near" is less room than two more of the newest backup: pick a headroom that is near for any
        // row that could count as the newest (several may share a second).
        String list = call(as(get("/api/snapshots"), VIEWER)).bodyText();
        java.util.LongSummaryStatistics sizes = Pattern.compile("\"sizeBytes\":(\\d+)").matcher(list).results()
                .mapToLong(m -> Long.parseLong(m.group(1))).summaryStatistics();
        assertThat(sizes.getMax()).isLessThan(2 * sizes.getMin());
        f.headroom.set(OptionalLong.of((sizes.getMax() + 2 * sizes.getMin()) / 2));
        assertThat(call(as(get("/api/status"), VIEWER)).bodyText()).contains("\"state\":\"near\"");
        f.tenant.set(f.tenant.get().withActive(false));
        assertThat(call(as(get("/api/status"), VIEWER)).bodyText()).contains("\"subscription\":{\"active\":false}");
    }

    @Test
    void the_list_is_newest_first_with_locks_labels_notes_and_human_sizes() {
        String list = call(as(get("/api/snapshots"), VIEWER)).bodyText();
        List<String> files = files(list);
        List<String> seededNewestFirst = new ArrayList<>(f.seeded);
        java.util.Collections.reverse(seededNewestFirst);
        assertThat(files).containsSubsequence(seededNewestFirst);
        String legacy = rowOf(list, f.seeded.get(0));
        assertThat(legacy).contains("\"label\":\"24-hour\"", "\"encrypted\":false", "\"warning\":\"Not encrypted", "\"origin\":\"legacy_plaintext\"");
        assertThat(rowOf(list, f.seeded.get(1))).contains("\"encrypted\":true", "\"warning\":null", "\"pinned\":true");
        assertThat(rowOf(list, f.seeded.get(2))).contains("\"pinned\":false");
        assertThat(rowOf(list, f.seeded.get(4))).contains("\"label\":\"manual\"", "\"note\":\"" + WebFixture.SEED_NOTE + "\"");
        assertThat(field(rowOf(list, f.seeded.get(1)), "size")).matches("\\d+(\\.\\d)? (bytes|KiB|MiB)");
        assertThat(field(rowOf(list, f.seeded.get(1)), "when")).endsWith(" IST");
    }

    static String rowOf(String list, String file) {
        int at = list.indexOf("{\"file\":\"" + file + "\"");
        assertThat(at).as("row of " + file).isNotNegative();
        return list.substring(at, list.indexOf('}', at) + 1);
    }

    // ------------------------------------------------------------------ Backup Now

    @Test
    void backup_now_needs_post_a_csrf_token_of_this_session_and_json() {
        Map<String, String> note = Map.of("note", "x");
        WebResponse none = call(post("/api/backups", ADMIN, null, note));
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.bodyText()).contains("\"code\":\"csrf_invalid\"");
        WebResponse someoneElses = call(post("/api/backups", ADMIN, csrf(OPERATOR), note));
        assertThat(someoneElses.status()).isEqualTo(403);
        assertThat(someoneElses.bodyText()).contains("\"code\":\"csrf_invalid\"");
        WebResponse form = call(as(WebRequest.builder("POST", "/api/backups"), ADMIN).header("X-CSRF-Token", csrf(ADMIN))
                .header("Content-Type", "application/x-www-form-urlencoded").body("note=x".getBytes(StandardCharsets.UTF_8)));
        assertThat(form.status()).isEqualTo(415);
        WebResponse garbage = call(as(WebRequest.builder("POST", "/api/backups"), ADMIN).header("X-CSRF-Token", csrf(ADMIN))
                .header("Content-Type", "application/json").body("{\"note\": [1,2]}".getBytes(StandardCharsets.UTF_8)));
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.bodyText()).contains("\"code\":\"bad_request\"");
    }

    @Test
    void backup_now_without_create_is_refused_403_even_with_a_valid_token() {
        WebResponse r = call(post("/api/backups", VIEWER, csrf(VIEWER), Map.of("note", "sneaky")));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.bodyText()).contains("\"code\":\"permission_denied\"", "CREATE");
    }

    @Test
    void an_overlong_note_is_refused_before_anything_runs() {
        WebResponse r = call(post("/api/backups", ADMIN, csrf(ADMIN), Map.of("note", "n".repeat(Screen.MAX_NOTE_CHARS + 1))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.bodyText()).contains("\"code\":\"note_too_long\"");
    }

    @Test
    void backup_now_runs_as_a_job_and_its_manual_row_is_first_in_the_list() throws Exception {
        WebResponse started = call(post("/api/backups", OPERATOR, csrf(OPERATOR), Map.of("note", "before the audit")));
        assertThat(started.status()).isEqualTo(202);
        String job = awaitJob(web, OPERATOR, field(started.bodyText(), "jobId"), Duration.ofSeconds(60));
        bodies.add(job);
        assertThat(job).contains("\"kind\":\"backup\"", "\"state\":\"succeeded\"", "\"label\":\"manual\"",
                "\"note\":\"before the audit\"", "\"encrypted\":true", "\"error\":null");
        String file = field(job.substring(job.indexOf("\"snapshot\"")), "file");
        String list = call(as(get("/api/snapshots"), VIEWER)).bodyText();
        // Newest first: nothing is newer than the new row (names have one-second resolution, so another
        // snapshot of the same second may share the top).
        String top = rowOf(list, files(list).get(0));
        assertThat(field(rowOf(list, file), "createdAt")).isEqualTo(field(top, "createdAt"));
        assertThat(rowOf(list, file)).contains("\"note\":\"before the audit\"");
    }

    @Test
    void a_job_is_visible_only_by_its_id_within_the_workspace() {
        WebResponse r = call(as(get("/api/jobs/AAAAAAAAAAAAAAAAAAAAAA"), ADMIN));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.bodyText()).contains("\"code\":\"job_not_found\"");
    }

    // ------------------------------------------------------------------ restore

    @Test
    void the_restore_preview_needs_restore_and_an_existing_file() {
        String file = f.seeded.get(1);
        assertThat(call(as(get("/api/restore-preview").query("file", file), OPERATOR)).status()).isEqualTo(403);
        assertThat(call(as(get("/api/restore-preview"), ADMIN)).status()).isEqualTo(400);
        WebResponse unknown = call(as(get("/api/restore-preview").query("file", "acme-2020-01-01-000000-24-hour.gz.enc"), ADMIN));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.bodyText()).contains("\"code\":\"snapshot_not_found\"");
        WebResponse badName = call(as(get("/api/restore-preview").query("file", "../../etc/passwd"), ADMIN));
        assertThat(badName.status()).isIn(400, 404);
        String p = call(as(get("/api/restore-preview").query("file", file), ADMIN)).bodyText();
        assertThat(p).contains("\"file\":\"" + file + "\"", "\"workspaceName\":\"Acme Traders\"", "\"encrypted\":true",
                "\"destructiveWarning\":\"");
    }

    @Test
    void a_restore_without_the_restore_permission_is_refused_403_even_when_forged() {
        WebResponse r = call(post("/api/restores", OPERATOR, csrf(OPERATOR),
                Map.of("file", f.seeded.get(4), "typedName", WebFixture.WORKSPACE)));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.bodyText()).contains("\"code\":\"permission_denied\"", "RESTORE");
        WebResponse noToken = call(post("/api/restores", ADMIN, null, Map.of("file", f.seeded.get(4), "typedName", WebFixture.WORKSPACE)));
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.bodyText()).contains("\"code\":\"csrf_invalid\"");
    }

    @Test
    void the_server_rechecks_the_typed_name_exactly() {
        long before = f.invoices();
        for (String nearMiss : List.of("acme traders", "Acme Traders ", "Acme  Traders", "Acme Trader", "")) {
            WebResponse r = call(post("/api/restores", ADMIN, csrf(ADMIN), Map.of("file", f.seeded.get(4), "typedName", nearMiss)));
            assertThat(r.status()).as("'" + nearMiss + "'").isEqualTo(422);
            assertThat(r.bodyText()).contains("\"code\":\"confirmation_mismatch\"");
        }
        WebResponse missing = call(post("/api/restores", ADMIN, csrf(ADMIN), Map.of("file", f.seeded.get(4))));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(f.invoices()).isEqualTo(before);
    }

    @Test
    void a_confirmed_restore_replaces_the_database_and_reports_its_safety_backup() throws Exception {
        f.client.getDatabase(WebFixture.DATABASE).getCollection("invoices").deleteMany(Filters.ne("status", "overdue"));
        assertThat(f.invoices()).isLessThan(40);
        WebResponse started = call(post("/api/restores", ADMIN, csrf(ADMIN), Map.of("file", f.seeded.get(4), "typedName", WebFixture.WORKSPACE)));
        assertThat(started.status()).isEqualTo(202);
        String job = awaitJob(web, ADMIN, field(started.bodyText(), "jobId"), Duration.ofSeconds(60));
        bodies.add(job);
        assertThat(job).contains("\"kind\":\"restore\"", "\"state\":\"succeeded\"", "\"phase\":\"finished\"", "\"error\":null",
                "\"restoredFrom\":\"" + f.seeded.get(4) + "\"");
        String safety = field(job, "safetyBackup");
        assertThat(safety).contains("pre-restore");
        assertThat(f.invoices()).isEqualTo(40);
        String list = call(as(get("/api/snapshots"), VIEWER)).bodyText();
        assertThat(rowOf(list, safety)).contains("\"label\":\"pre-restore\"");
    }

    @Test
    void a_legacy_plaintext_archive_is_previewed_with_its_unverifiable_origin() {
        String p = call(as(get("/api/restore-preview").query("file", f.seeded.get(0)), ADMIN)).bodyText();
        assertThat(p).contains("\"encrypted\":false", "\"origin\":\"legacy_plaintext\"");
        assertThat(field(p, "originNote")).isNotBlank();
        assertThat(call(as(get("/api/restore-preview").query("file", f.seeded.get(1)), ADMIN)).bodyText())
                .contains("\"origin\":\"verified\"");
    }

    @Test
    void a_planted_plaintext_archive_restores_only_with_the_explicit_acceptance() throws Exception {
        String planted = f.plantPlaintext();
        assertThat(call(as(get("/api/restore-preview").query("file", planted), ADMIN)).bodyText())
                .contains("\"origin\":\"needs_override\"");
        WebResponse refused = call(post("/api/restores", ADMIN, csrf(ADMIN), Map.of("file", planted, "typedName", WebFixture.WORKSPACE)));
        assertThat(refused.status()).isEqualTo(202);
        String job = awaitJob(web, ADMIN, field(refused.bodyText(), "jobId"), Duration.ofSeconds(60));
        bodies.add(job);
        assertThat(job).contains("\"state\":\"failed\"", "\"code\":\"unverified_origin\"");
        WebResponse badFlag = call(post("/api/restores", ADMIN, csrf(ADMIN),
                Map.of("file", planted, "typedName", WebFixture.WORKSPACE, "acceptUnverifiedOrigin", "yes")));
        assertThat(badFlag.status()).isEqualTo(400);
        WebResponse accepted = call(post("/api/restores", ADMIN, csrf(ADMIN),
                Map.of("file", planted, "typedName", WebFixture.WORKSPACE, "acceptUnverifiedOrigin", true)));
        String ok = awaitJob(web, ADMIN, field(accepted.bodyText(), "jobId"), Duration.ofSeconds(60));
        bodies.add(ok);
        assertThat(ok).contains("\"state\":\"succeeded\"", "\"restoredFrom\":\"" + planted + "\"");
    }

    @Test
    void a_restore_of_a_file_that_is_not_in_the_list_is_404() {
        WebResponse r = call(post("/api/restores", ADMIN, csrf(ADMIN),
                Map.of("file", "acme-2020-01-01-000000-24-hour.gz.enc", "typedName", WebFixture.WORKSPACE)));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.bodyText()).contains("\"code\":\"snapshot_not_found\"");
    }
}
