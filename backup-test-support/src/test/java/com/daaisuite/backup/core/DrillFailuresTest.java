package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend;
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

    @Test
    void aScratchDatabaseThatCannotBeDroppedIsReportedTheResultStandsAndTheNextDrillRemovesIt() throws Exception {
        try (Fixture f = new Fixture()) {
            f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
            Map<String, List<String>> live = contents(f.source.database("acme_db"));
            // The first drop proves the source can drop before anything is created; the second is the cleanup.
            f.source.failDrop(2, new SourceException("injected: the server refused dropDatabase"));

            DrillResult r = f.backups.drills().drill(Fixture.ADMIN, "acme");

            assertThat(r.passed()).as("what the check found stands").isTrue();
            assertThat(f.events.events(BackupEvent.Type.DRILL_PASSED)).singleElement().satisfies(e -> assertThat(e.detail())
                    .contains("the scratch database " + SCRATCH + " could not be dropped")
                    .contains("injected: the server refused dropDatabase"));
            assertThat(f.backups.drills().lastDrill(Fixture.ADMIN, "acme")).contains(r);
            assertThat(f.source.exists(SCRATCH)).as("left over, for now").isTrue();
            assertThat(f.objects("acme")).as("the marker names it for the next attempt").contains("drill-in-progress.json");

            f.clock.advance(java.time.Duration.ofMinutes(1));
            assertThat(f.backups.drills().drill(Fixture.ADMIN, "acme").passed()).as("the next drill").isTrue();
            assertThat(f.source.exists(SCRATCH)).isFalse();
            assertThat(f.objects("acme")).doesNotContain("drill-in-progress.json");
            assertThat(contents(f.source.database("acme_db"))).as("the live database, byte for byte").isEqualTo(live);
        }
    }

    @Test
    void aScratchDatabaseThatCannotBeDroppedIsRemovedByTheNextSchedulerTickEvenWhenNoDrillIsDue() throws Exception {
        try (Fixture f = new Fixture(b -> b.drillEvery(java.time.Duration.ofDays(7)))) {
            f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
            f.source.failDrop(2, new SourceException("injected: the server refused dropDatabase"));
            assertThat(f.backups.drills().drill(Fixture.ADMIN, "acme").passed()).isTrue();
            assertThat(f.source.exists(SCRATCH)).isTrue();

            f.clock.advance(java.time.Duration.ofHours(1));
            List<DrillResult> ran = f.backups.drills().runDue(f.clock.instant());

            assertThat(ran).as("the weekly drill is not due").isEmpty();
            assertThat(f.source.exists(SCRATCH)).as("the leftover is dropped").isFalse();
            assertThat(f.objects("acme")).doesNotContain("drill-in-progress.json");
        }
    }

    @Test
    void aScratchDatabaseThatStillCannotBeDroppedStopsTheNextDrillBeforeItStartsAndSaysWhy() throws Exception {
        try (Fixture f = new Fixture()) {
            f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
            f.source.failDrop(2, new SourceException("injected: the server refused dropDatabase"));
            f.backups.drills().drill(Fixture.ADMIN, "acme");
            f.source.failDrop(1, new SourceException("injected: refused again"));

            Throwable t = catchThrowable(() -> f.backups.drills().drill(Fixture.ADMIN, "acme"));

            assertThat(t).isInstanceOf(SourceException.class).hasMessageContaining("did not start")
                    .hasMessageContaining("the scratch database " + SCRATCH + " could not be dropped");
            assertThat(f.source.restoreCount()).as("nothing loaded into it").isEqualTo(1);
            assertThat(f.backups.drills().drill(Fixture.ADMIN, "acme").passed()).as("once the server drops again").isTrue();
            assertThat(f.source.exists(SCRATCH)).isFalse();
        }
    }

    @Test
    void aResultThatCannotBeWrittenIsStillReportedNothingHalfWrittenIsVisibleAndTheNextDrillKeepsIt() throws Exception {
        for (InMemoryStorageBackend.Operation op : List.of(InMemoryStorageBackend.Operation.OPEN_UPLOAD,
                InMemoryStorageBackend.Operation.WRITE, InMemoryStorageBackend.Operation.COMMIT)) {
            try (Fixture f = new Fixture()) {
                Snapshot s = f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot();
                List<String> before = f.objects("acme");
                // The drill's storage writes: its marker (first), then its result (second).
                f.storage.failOn(op, 2);

                DrillResult r = f.backups.drills().drill(Fixture.ADMIN, "acme");

                assertThat(r.passed()).as("%s: the drill's outcome", op).isTrue();
                assertThat(f.events.events(BackupEvent.Type.DRILL_PASSED)).as("%s", op).singleElement()
                        .satisfies(e -> assertThat(e.detail()).contains("proven restorable")
                                .contains("the result could not be kept").contains(s.fileName() + ".drill"));
                assertThat(f.objects("acme")).as("%s: no result, no marker, nothing half-written", op).isEqualTo(before);
                assertThat(f.storage.openUploads()).isZero();
                assertThat(f.backups.drills().lastDrill(Fixture.ADMIN, "acme")).isEmpty();
                assertThat(f.source.exists(SCRATCH)).isFalse();

                f.clock.advance(java.time.Duration.ofMinutes(1));
                DrillResult next = f.backups.drills().drill(Fixture.ADMIN, "acme");
                assertThat(next.passed()).isTrue();
                assertThat(f.backups.drills().lastDrill(Fixture.ADMIN, "acme")).as("%s: the next drill's result is kept", op)
                        .contains(next);
            }
        }
    }

    @Test
    void aResultThatCannotReplaceThePreviousOneLeavesThePreviousOneAndSaysSo() throws Exception {
        try (Fixture f = new Fixture()) {
            f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
            DrillResult first = f.backups.drills().drill(Fixture.ADMIN, "acme");
            f.clock.advance(java.time.Duration.ofMinutes(1));
            f.events.clear();
            // The drill's deletes: its marker (first), then the previous result it replaces (second).
            f.storage.failOn(InMemoryStorageBackend.Operation.DELETE, 2);

            DrillResult second = f.backups.drills().drill(Fixture.ADMIN, "acme");

            assertThat(second.passed()).isTrue();
            assertThat(f.events.events(BackupEvent.Type.DRILL_PASSED)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("the result could not be kept"));
            assertThat(f.backups.drills().lastDrill(Fixture.ADMIN, "acme")).as("the previous result, whole").contains(first);
        }
    }
}
