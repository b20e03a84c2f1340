package com.daaisuite.backup.web;

import static com.daaisuite.backup.web.Http.as;
import static com.daaisuite.backup.web.Http.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.crypto.KeyProviders;
import org.junit.jupiter.api.Test;

/**
 * The list of 205 backups as the screen asks for it: the first page of 200 right after a restart
 * (every manifest of the page read once, in parallel) and again once they are remembered. Prints the
 * times (docs/web.md, "Hundreds of rows"); asserts the page, never a speed.
 */
class ListTimingTest {

    @Test
    void the_first_page_of_200_of_205_after_a_restart_and_after() throws Exception {
        try (WebFixture f = WebFixture.withHistory(200);
                // A restart: a new Backups and screen over the same storage, with nothing remembered.
                Backups restarted = Backups.builder().source(f.source).storage(f.storage).tenants(f.tenants)
                        .keys(KeyProviders.of(f.key)).access((a, p, t) -> true).nodeName("restarted").build();
                BackupsWeb web = BackupsWeb.builder().backups(restarted).tenants(f.tenants).identity(WebFixture::identify)
                        .csrfSecret(f.csrfSecret).build()) {
            long t0 = System.nanoTime();
            WebResponse cold = web.handle(as(get("/api/snapshots"), WebFixture.VIEWER).build());
            long coldMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(cold.status()).isEqualTo(200);
            assertThat(cold.bodyText()).contains("\"matching\":205", "\"total\":205", "\"note\":\"" + WebFixture.SEED_NOTE + "\"");
            assertThat(cold.bodyText().split("\"file\"")).hasSize(201);
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 20; i++) {
                long t = System.nanoTime();
                assertThat(web.handle(as(get("/api/snapshots"), WebFixture.VIEWER).build()).status()).isEqualTo(200);
                best = Math.min(best, System.nanoTime() - t);
            }
            long listing = Long.MAX_VALUE;
            long details = Long.MAX_VALUE;
            for (int i = 0; i < 20; i++) {
                long t = System.nanoTime();
                restarted.catalog().list(WebFixture.ADMIN, WebFixture.TENANT);
                listing = Math.min(listing, System.nanoTime() - t);
                t = System.nanoTime();
                restarted.catalog().listWithDetails(WebFixture.ADMIN, WebFixture.TENANT, com.daaisuite.backup.core.SnapshotQuery.firstPage(200));
                details = Math.min(details, System.nanoTime() - t);
            }
            System.out.printf("List timing: storage listing alone %.1f ms, listWithDetails %.1f ms%n", listing / 1e6, details / 1e6);
            System.out.printf("List timing: first page of 200 of 205 rows, first call after a restart %d ms; warm best of 20 %.1f ms%n",
                    coldMs, best / 1e6);
        }
    }
}
