package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.daaisuite.backup.BackupException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A command failing at each step of a drill (the load into the scratch database, the read-back of
 * it): the drill never passes, the scratch database and the drill's marker are gone, the live
 * database is untouched, and the tenant is usable — the next drill passes and the next backup
 * succeeds. (Kills at each step: {@code DrillKillTest}.)
 */
class DrillFailuresTest {
    private static final String SCRATCH = "acme_db__daai_drill";

    private static Map<String, List<String>> contents(Map<String, List<byte[]>> db) {
        Map<String, List<String>> out = new TreeMap<>();
        db.forEach((c, docs) -> out.put(c, docs.stream().map(d -> Base64.getEncoder().encodeToString(d)).toList()));
        return out;
    }

    private static void failingStepLeavesTheTenantUsable(Consumer<Fixture> injectFailure) throws Exception {
        try (Fixture f = new Fixture()) {
            f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
            Map<String, List<String>> live = contents(f.source.database("acme_db"));
            List<String> before = f.objects("acme");
            injectFailure.accept(f);

            DrillResult[] result = new DrillResult[1];
            Throwable thrown = catchThrowable(() -> result[0] = f.backups.drills().drill(Fixture.ADMIN, "acme"));

            if (thrown == null) {
                assertThat(result[0].passed()).as("a drill whose step failed never passes").isFalse();
            } else {
                assertThat(thrown).isInstanceOf(BackupException.class);
            }
            assertThat(f.source.exists(SCRATCH)).as("scratch database dropped").isFalse();
            assertThat(contents(f.source.database("acme_db"))).as("the live database, byte for byte").isEqualTo(live);
            assertThat(f.objects("acme")).as("no marker left; at most the kept (failed) result")
                    .allMatch(o -> before.contains(o) || o.endsWith(".drill"));

            assertThat(f.backups.drills().drill(Fixture.ADMIN, "acme").passed()).as("the next drill").isTrue();
            assertThat(f.source.exists(SCRATCH)).isFalse();
            f.clock.advance(java.time.Duration.ofMinutes(1));
            assertThat(f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot()).as("the next backup").isNotNull();
        }
    }

    @Test
    void aLoadIntoTheScratchDatabaseThatFailsLeavesNothingAndTheTenantUsable() throws Exception {
        failingStepLeavesTheTenantUsable(f -> f.source.failNextRestoreBeforeSwap(
                new SourceException("injected: the server refused the drill's load")));
    }

    @Test
    void aReadBackOfTheScratchDatabaseThatFailsLeavesNothingAndTheTenantUsable() throws Exception {
        failingStepLeavesTheTenantUsable(f -> f.source.failNextDump(
                new SourceException("injected: the server refused the drill's read-back")));
    }
}
