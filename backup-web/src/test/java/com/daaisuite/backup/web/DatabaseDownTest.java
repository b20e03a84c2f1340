package com.daaisuite.backup.web;

import static com.daaisuite.backup.web.Http.as;
import static com.daaisuite.backup.web.Http.field;
import static com.daaisuite.backup.web.Http.get;
import static com.daaisuite.backup.web.Http.post;
import static com.daaisuite.backup.web.WebFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A restore while the workspace database is down: the job says which step it is in from the start
 * ("starting", a step the page knows), and fails with the fixed database sentence, saying nothing was
 * changed, within one of the driver's server selections (plus a margin for the archive check and the
 * job's polling). The driver is given a 3-second server-selection timeout so the test is quick; with
 * the default 30 s the bound scales the same way.
 */
class DatabaseDownTest {
    private static final Duration SELECTION = Duration.ofSeconds(3);
    /** The archive proof, thread hand-offs and the job poll: well under one selection. */
    private static final Duration MARGIN = Duration.ofMillis(2500);

    @Test
    void a_restore_with_the_database_down_fails_within_the_server_selection_timeout_in_plain_words() throws Exception {
        try (WebFixture f = WebFixture.withServerSelectionTimeout(SELECTION)) {
            String csrf = f.csrfFor(ADMIN);
            f.mongo.shutdownNow();
            long t0 = System.nanoTime();
            WebResponse started = f.web.handle(post("/api/restores", ADMIN, csrf,
                    Map.of("file", f.seeded.get(4), "typedName", WebFixture.WORKSPACE)).build());
            assertThat(started.status()).isEqualTo(202);
            String id = field(started.bodyText(), "jobId");
            String early = f.web.handle(as(get("/api/jobs/" + id), ADMIN).build()).bodyText();
            assertThat(early).containsPattern("\"phase\":\"(starting|safety_backup|workspace_unavailable|restoring)\"");

            String done = Http.awaitJob(f.web, ADMIN, id, Duration.ofSeconds(60));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).as("from Restore to the failure, with a %d ms server selection", SELECTION.toMillis())
                    .isLessThan(SELECTION.plus(MARGIN));
            assertThat(done).contains("\"state\":\"failed\"", "\"phase\":\"failed\"", "\"code\":\"database_unavailable\"",
                    "The workspace database cannot be reached right now.", "The workspace's data was not changed.")
                    .doesNotContain("127.0.0.1", "Exception", WebFixture.DATABASE);
        }
    }
}
