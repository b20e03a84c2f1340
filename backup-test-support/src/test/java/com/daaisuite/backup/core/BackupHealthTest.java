package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.BackupHealth.DrillVerdict;
import com.daaisuite.backup.core.BackupHealth.State;
import com.daaisuite.backup.testing.storage.InMemoryStorageBackend.Operation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health of a tenant and of all tenants, from a real Backups, with reasons that say what to do. */
class BackupHealthTest {
    private final Fixture f = new Fixture();
    private final BackupHealthCheck health = BackupHealthCheck.builder(f.backups).actor(Fixture.VIEWER).clock(f.clock).build();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aTenantBackedUpOnScheduleIsOkWithoutReasons() {
        f.backups.runDue(f.clock.instant());
        BackupHealth h = health.tenant("acme");
        assertThat(h.state()).isEqualTo(State.OK);
        assertThat(h.ok()).isTrue();
        assertThat(h.reasons()).isEmpty();
        assertThat(h.tenantId()).contains("acme");
    }

    @Test
    void aTenantIsLateOnlyOnceItsDueTimePlusTheGraceHasPassed() {
        f.backups.runDue(f.clock.instant());
        Instant due = f.backups.nextDue(Fixture.ADMIN, "acme");
        f.clock.set(due.plus(BackupHealth.DEFAULT_GRACE));
        assertThat(health.tenant("acme").state()).as("at the end of the grace").isEqualTo(State.OK);

        f.clock.advance(Duration.ofMinutes(1));
        BackupHealth late = health.tenant("acme");
        assertThat(late.state()).isEqualTo(State.LATE);
        assertThat(late.reasons()).singleElement().asString()
                .contains("due at " + due).contains("3 h late").contains("runDue");
    }

    @Test
    void aSuspendedTenantIsNeverLateAndSaysWhy() {
        f.backups.runDue(f.clock.instant());
        f.addTenant(f.tenant("acme").withActive(false));
        f.clock.advance(Duration.ofDays(30));
        BackupHealth h = health.tenant("acme");
        assertThat(h.state()).isEqualTo(State.OK);
        assertThat(h.reasons()).singleElement().asString().contains("suspended");
    }

    @Test
    void aMissingKeyIsKeyMissingWithHowToConfigureIt() {
        f.keys.current.set(null);
        BackupHealth h = health.tenant("acme");
        assertThat(h.state()).isEqualTo(State.KEY_MISSING);
        assertThat(h.reasons().get(0)).contains("No usable encryption key").contains(f.keys.howToConfigureKey());
    }

    @Test
    void aFailedBackupIsFailingWithItsMessageUntilTheNextSuccess() {
        f.backups.runDue(f.clock.instant());
        f.source.failNextDump(new SourceException("the database went away"));
        assertThatThrownBy(() -> f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL)).isInstanceOf(SourceException.class);
        BackupHealth h = health.tenant("acme");
        assertThat(h.state()).isEqualTo(State.FAILING);
        assertThat(h.reasons().get(0)).contains("the database went away");

        f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(health.tenant("acme").state()).isEqualTo(State.OK);
    }

    @Test
    void storageThatCannotBeListedIsStorageUnreadableNotAnException() {
        f.storage.failOn(Operation.LIST, 1);
        BackupHealth h = health.tenant("acme");
        assertThat(h.state()).isEqualTo(State.STORAGE_UNREADABLE);
        assertThat(h.reasons().get(0)).contains("cannot be read").contains("Injected failure");
    }

    @Test
    void everyProblemIsAReasonWorstFirst() {
        f.source.failNextDump(new SourceException("the database went away"));
        assertThatThrownBy(() -> f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL)).isInstanceOf(SourceException.class);
        f.keys.current.set(null);
        f.clock.advance(Duration.ofDays(3));
        BackupHealth h = health.tenant("acme");
        assertThat(h.state()).isEqualTo(State.KEY_MISSING);
        assertThat(h.reasons()).hasSize(3);
        assertThat(h.reasons().get(1)).contains("the database went away");
        assertThat(h.reasons().get(2)).contains("late");
    }

    @Test
    void aFailedDrillGivenAsInputIsDrillFailedAndAPassedOneChangesNothing() {
        // A verdict passed by hand (a host that drills elsewhere); the library's own drill is below.
        f.backups.runDue(f.clock.instant());
        BackupStatus status = f.backups.status(Fixture.ADMIN, "acme");
        Instant now = f.clock.instant();
        DrillVerdict failed = new DrillVerdict(false, now, "7-day_x.gz.enc", "collection invoices: 49 documents, 50 recorded");
        BackupHealth h = BackupHealth.of(status, now, BackupHealth.DEFAULT_GRACE, Optional.of(failed));
        assertThat(h.state()).isEqualTo(State.DRILL_FAILED);
        assertThat(h.reasons().get(0)).contains("7-day_x.gz.enc").contains("49 documents").contains("verify it");

        DrillVerdict passed = new DrillVerdict(true, now, "7-day_x.gz.enc", "80 documents proven");
        assertThat(BackupHealth.of(status, now, BackupHealth.DEFAULT_GRACE, Optional.of(passed)).state()).isEqualTo(State.OK);
        assertThat(health.tenant("acme").state()).as("the scheduled drill of runDue passed").isEqualTo(State.OK);
    }

    @Test
    void byDefaultTheCheckReadsTheDrillTheLibraryKeptAndAFailedOneIsDrillFailed() throws Exception {
        f.backups.runDue(f.clock.instant());
        assertThat(f.backups.status(Fixture.ADMIN, "acme").lastDrill()).hasValueSatisfying(d -> assertThat(d.passed()).isTrue());
        String file = f.backups.status(Fixture.ADMIN, "acme").lastSnapshot().orElseThrow().fileName();
        // The archive is damaged after the drill passed: the next drill says so, and health follows.
        byte[] bytes = f.bytes("acme", file);
        bytes[bytes.length - 20] ^= 0x40;
        f.storage.overwrite(com.daaisuite.backup.core.spi.StorageKey.of("acme", file), bytes);
        f.clock.advance(java.time.Duration.ofMinutes(1));
        DrillResult r = f.backups.drills().drill(Fixture.ADMIN, "acme");

        assertThat(r.passed()).isFalse();
        BackupHealth h = health.tenant("acme");
        assertThat(h.state()).isEqualTo(State.DRILL_FAILED);
        assertThat(h.reasons().get(0)).contains(file).contains("does not prove out");
    }

    @Test
    void theOverallHealthIsTheWorstTenantsAndNamesTheTenantsOfEachState() {
        List<String> ids = new ArrayList<>(List.of("acme"));
        for (int i = 0; i < 12; i++) {
            String id = "late" + i;
            f.addTenant(Tenant.of(id, "Late " + i, id + "_db"));
            ids.add(id);
        }
        f.source.failNextDump(new SourceException("the database went away"));
        assertThatThrownBy(() -> f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL)).isInstanceOf(SourceException.class);
        f.clock.advance(Duration.ofDays(2));

        BackupHealth all = health.overall(ids);

        assertThat(all.state()).isEqualTo(State.FAILING);
        assertThat(all.tenantId()).isEmpty();
        assertThat(all.reasons()).containsExactly(
                "1 of 13 tenants FAILING: acme (each tenant's reasons say what to do)",
                "12 of 13 tenants LATE: late0, late1, late2, late3, late4, late5, late6, late7, late8, late9 and 2 more "
                        + "(each tenant's reasons say what to do)");
        assertThat(all.tenants()).hasSize(13);
        assertThat(all.tenants().get(0).tenantId()).contains("acme");
        assertThat(BackupHealth.overall(List.of(), f.clock.instant()).state()).isEqualTo(State.OK);
    }

    @Test
    void aTenantRemovedSinceTheListWasTakenIsLeftOutOfTheOverallHealth() {
        f.backups.runDue(f.clock.instant());
        BackupHealth all = health.overall(List.of("acme", "gone"));
        assertThat(all.state()).isEqualTo(State.OK);
        assertThat(all.tenants()).extracting(h -> h.tenantId().orElseThrow()).containsExactly("acme");
        assertThatThrownBy(() -> health.tenant("gone")).isInstanceOf(UnknownTenantException.class);
    }

    @Test
    void theCheckAsksWithItsOwnActorAndTheHostsPolicyDecides() {
        BackupHealthCheck stranger = BackupHealthCheck.builder(f.backups).actor(Actor.user("stranger")).build();
        assertThatThrownBy(() -> stranger.tenant("acme")).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void theStatusAndTheListRowsCarryTheTenantsZoneAndActiveFlag() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        f.addTenant(f.tenant("acme").toBuilder().zone(berlin).active(false).build());

        BackupStatus status = f.backups.status(Fixture.ADMIN, "acme");
        assertThat(status.zone()).isEqualTo(berlin);
        assertThat(status.active()).isFalse();

        SnapshotInfo row = f.catalog().listWithDetails(Fixture.ADMIN, "acme", 0, 10).get(0);
        assertThat(row.zone()).isEqualTo(berlin);
        assertThat(row.tenantActive()).isFalse();
        assertThat(row.createdAtLocal()).isEqualTo(row.snapshot().createdAt().atZone(berlin));
    }
}
