package com.daaisuite.backup.web;

import static com.daaisuite.backup.web.Http.field;
import static com.daaisuite.backup.web.Http.post;
import static com.daaisuite.backup.web.WebFixture.ADMIN;
import static com.daaisuite.backup.web.WebFixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A host that allows one Backup Now an hour: the screen says how long to wait, in a fixed sentence. */
class BackupNowIntervalTest {

    @Test
    void a_second_backup_now_within_the_interval_is_429_with_how_long_to_wait() throws Exception {
        try (WebFixture f = WebFixture.withBackupNowInterval(Duration.ofHours(1))) {
            WebResponse first = f.web.handle(post("/api/backups", ADMIN, f.csrfFor(ADMIN), Map.of("note", "first")).build());
            assertThat(first.status()).isEqualTo(202);
            assertThat(Http.awaitJob(f.web, ADMIN, field(first.bodyText(), "jobId"), Duration.ofSeconds(60))).contains("succeeded");

            WebResponse second = f.web.handle(post("/api/backups", OPERATOR, f.csrfFor(OPERATOR), Map.of("note", "again")).build());
            assertThat(second.status()).isEqualTo(429);
            assertThat(second.bodyText()).contains("\"code\":\"too_soon\"", "A backup of this workspace was started",
                    "before starting another one").doesNotContain("acme", "backupNowMinInterval", "Exception");
            // Names have one-second resolution: the wait is an hour less the second or so since the first.
            assertThat(second.bodyText()).containsPattern("Wait (59 minutes( \\d+ seconds?)?|60 minutes) before");
        }
    }
}
