package com.daaisuite.backup.web;

import static com.daaisuite.backup.web.Http.as;
import static com.daaisuite.backup.web.Http.field;
import static com.daaisuite.backup.web.Http.get;
import static com.daaisuite.backup.web.Http.post;
import static com.daaisuite.backup.web.WebFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A host without an encryption key: the banner says so, and Backup Now is refused with the library's meaning. */
class KeyMissingTest {
    static WebFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = WebFixture.withoutKey();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void status_reports_the_missing_key_for_the_yellow_banner() {
        String s = f.web.handle(as(get("/api/status"), ADMIN).build()).bodyText();
        // One sentence for administrators: the provider's instructions (variables, openssl) stay in the server log.
        assertThat(s).contains("\"key\":{\"configured\":false,\"problem\":\"" + Errors.KEY_MISSING + "\"")
                .doesNotContain("BACKUP_ENCRYPTION_KEY", "openssl");
    }

    @Test
    void backup_now_without_a_key_is_503_key_missing_and_writes_nothing() {
        int before = f.web.handle(as(get("/api/snapshots"), ADMIN).build()).bodyText().split("\"file\"").length;
        String csrf = field(f.web.handle(as(get("/api/session"), ADMIN).build()).bodyText(), "csrfToken");
        WebResponse r = f.web.handle(post("/api/backups", ADMIN, csrf, Map.of("note", "x")).build());
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.bodyText()).contains("\"code\":\"key_missing\"", Errors.KEY_MISSING)
                .doesNotContain("Exception", "BACKUP_ENCRYPTION_KEY", "openssl");
        int after = f.web.handle(as(get("/api/snapshots"), ADMIN).build()).bodyText().split("\"file\"").length;
        assertThat(after).isEqualTo(before);
    }

    @Test
    void a_forged_restore_of_an_encrypted_backup_without_a_key_fails_as_key_missing_and_changes_nothing() throws Exception {
        long documents = f.client.getDatabase(WebFixture.DATABASE).getCollection("invoices").countDocuments();
        String csrf = field(f.web.handle(as(get("/api/session"), ADMIN).build()).bodyText(), "csrfToken");
        WebResponse r = f.web.handle(post("/api/restores", ADMIN, csrf,
                Map.of("file", f.seeded.get(4), "typedName", WebFixture.WORKSPACE)).build());
        String done = r.status() == 202 ? Http.awaitJob(f.web, ADMIN, field(r.bodyText(), "jobId"), java.time.Duration.ofSeconds(30))
                : r.bodyText();
        assertThat(done).contains("\"code\":\"key_missing\"", Errors.KEY_MISSING).doesNotContain("BACKUP_ENCRYPTION_KEY", "openssl");
        assertThat(f.client.getDatabase(WebFixture.DATABASE).getCollection("invoices").countDocuments()).isEqualTo(documents);
    }
}
