package com.daaisuite.backup.web;

import static com.daaisuite.backup.web.Http.as;
import static com.daaisuite.backup.web.Http.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/compare}: "what changed since this backup?" (with the live data) and "compare with…"
 * (two backups), per collection, for anyone with VIEW; refused without it, and a request that does not
 * say what to compare with is a 400.
 */
class CompareTest {
    record Param(String name, String value) {}

    static WebFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = WebFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static WebResponse compare(Param... params) {
        WebRequest.Builder b = as(get("/api/compare"), WebFixture.VIEWER);
        for (Param p : params) {
            b.query(p.name(), p.value());
        }
        return f.web.handle(b.build());
    }

    @Test
    void whatChangedSinceTheNewestBackupIsWhatWasDoneSince() {
        String newest = f.seeded.get(f.seeded.size() - 1);
        WebResponse same = compare(new Param("file", newest), new Param("live", "true"));
        assertThat(same.status()).as(same.bodyText()).isEqualTo(200);
        assertThat(same.bodyText()).contains("\"same\":true", "Nothing has changed since this backup.");

        f.client.getDatabase(WebFixture.DATABASE).getCollection("invoices").deleteOne(Filters.eq("_id", "INV-0007"));
        try {
            WebResponse changed = compare(new Param("file", newest), new Param("live", "true"));
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.bodyText()).contains("\"same\":false", "\"name\":\"invoices\",\"status\":\"changed\",\"onlyInA\":1",
                    "\"onlyInA\":[\"\\\"INV-0007\\\"\"]", "1 deleted, 0 added, 0 changed since this backup.");
        } finally {
            f.client.getDatabase(WebFixture.DATABASE).getCollection("invoices").insertOne(
                    new org.bson.Document("_id", "INV-0007").append("amount", 7 * 125).append("status", "paid"));
        }
    }

    @Test
    void twoBackupsOfTheSameDataCompareTheSame() {
        WebResponse r = compare(new Param("file", f.seeded.get(1)), new Param("to", f.seeded.get(3)));
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        assertThat(r.bodyText()).contains("\"same\":true", "The two backups hold the same data.", "\"name\":\"invoices\"");
    }

    @Test
    void withoutViewOrWithoutAnOtherSideItIsRefused() {
        WebResponse guest = f.web.handle(as(get("/api/compare"), WebFixture.GUEST).query("file", f.seeded.get(1))
                .query("live", "true").build());
        assertThat(guest.status()).isEqualTo(403);
        assertThat(compare(new Param("file", f.seeded.get(1))).status()).isEqualTo(400);
        assertThat(compare(new Param("to", f.seeded.get(1))).status()).isEqualTo(400);
    }
}
