package com.daaisuite.backup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.BackupService.ScheduledOutcome;
import com.daaisuite.backup.core.BackupService.ScheduledOutcome.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every host used to write by hand: a directory that changes while running, role presets, an audit filter. */
class HostPartsTest {
    private final List<Fixture> fixtures = new ArrayList<>();

    @AfterEach
    void close() {
        fixtures.forEach(Fixture::close);
    }

    private Fixture fixture(java.util.function.Consumer<Backups.Builder> custom) {
        Fixture f = new Fixture(custom);
        fixtures.add(f);
        return f;
    }

    @Test
    void aLiveDirectoryAddsSuspendsResumesRezonesAndRemovesTenantsWhileBackupsRuns() {
        LiveTenantDirectory live = LiveTenantDirectory.of(List.of(Tenant.of("acme", "Acme Corp", "acme_db")));
        Fixture f = fixture(b -> b.tenants(live));
        f.seed("globex_db", "v1");

        // Added while running: the next tick backs it up.
        live.put(Tenant.of("globex", "Globex", "globex_db"));
        assertThat(outcomes(f.backups.runDue(f.clock.instant()))).containsEntry("acme", Outcome.BACKED_UP)
                .containsEntry("globex", Outcome.BACKED_UP);

        // Suspended: the tick skips it, Backup Now is refused, the status says so.
        live.suspend("globex");
        f.clock.advance(Duration.ofDays(2));
        assertThat(outcomes(f.backups.runDue(f.clock.instant()))).containsEntry("globex", Outcome.SKIPPED_SUSPENDED);
        assertThatThrownBy(() -> f.backups.backupNow(Fixture.ADMIN, "globex", null)).isInstanceOf(TenantSuspendedException.class);
        assertThat(f.backups.status(Fixture.ADMIN, "globex").active()).isFalse();

        // Resumed: backed up again at the next tick.
        live.resume("globex");
        assertThat(outcomes(f.backups.runDue(f.clock.instant()))).containsEntry("globex", Outcome.BACKED_UP);

        // Re-zoned: the status and the rows show the new zone at once.
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(live.rezone("acme", berlin).zone()).isEqualTo(berlin);
        assertThat(f.backups.status(Fixture.ADMIN, "acme").zone()).isEqualTo(berlin);
        assertThat(f.catalog().listWithDetails(Fixture.ADMIN, "acme", 0, 5)).allSatisfy(r -> assertThat(r.zone()).isEqualTo(berlin));

        // Removed: every call about it is unknown, and the tick no longer sees it.
        assertThat(live.remove("globex")).isPresent();
        assertThatThrownBy(() -> f.backups.status(Fixture.ADMIN, "globex")).isInstanceOf(UnknownTenantException.class);
        f.clock.advance(Duration.ofDays(2));
        assertThat(outcomes(f.backups.runDue(f.clock.instant()))).containsOnlyKeys("acme");
        assertThatThrownBy(() -> live.suspend("globex")).isInstanceOf(UnknownTenantException.class)
                .hasMessageContaining("add it with put(..) first");
    }

    @Test
    void aLiveDirectoryReplacedAsAWholeDropsTheMissingTenantsAndListsById() {
        LiveTenantDirectory live = LiveTenantDirectory.of(List.of(Tenant.of("b", "B", "b_db"), Tenant.of("a", "A", "a_db")));
        assertThat(live.all()).extracting(Tenant::id).containsExactly("a", "b");
        live.replaceAll(List.of(Tenant.of("c", "C", "c_db"), Tenant.of("a", "A renamed", "a_db")));
        assertThat(live.all()).extracting(Tenant::id).containsExactly("a", "c");
        assertThat(live.find("a").map(Tenant::workspaceName)).contains("A renamed");
        assertThat(live.find("b")).isEmpty();
        assertThatThrownBy(() -> LiveTenantDirectory.of(List.of(Tenant.of("a", "A", "a_db"), Tenant.of("a", "A2", "a_db"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void theRolePresetsGrantWhatTheyDocumentAndNothingMore() {
        assertThat(BackupRole.VIEWER.permissions()).containsExactly(Permission.VIEW);
        assertThat(BackupRole.OPERATOR.permissions()).containsExactlyInAnyOrder(Permission.VIEW, Permission.CREATE);
        assertThat(BackupRole.OWNER.permissions()).containsExactlyInAnyOrder(Permission.values());

        Map<String, BackupRole> roles = Map.of("viewer", BackupRole.VIEWER, "operator", BackupRole.OPERATOR, "admin", BackupRole.OWNER);
        Fixture f = fixture(b -> b.access(BackupRole.policy((actor, tenant) -> Optional.ofNullable(roles.get(actor.id())))));
        String file = f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL).snapshot().fileName();

        assertThat(f.backups.status(Fixture.VIEWER, "acme").tenantId()).isEqualTo("acme");
        assertThatThrownBy(() -> f.backups.backupNow(Fixture.VIEWER, "acme", null)).isInstanceOf(PermissionDeniedException.class);

        f.clock.advance(Duration.ofMinutes(1));
        assertThat(f.backups.backup(Fixture.OPERATOR, "acme", BackupTrigger.MANUAL).snapshot().label()).isEqualTo(SnapshotLabel.MANUAL);
        assertThatThrownBy(() -> f.restores().prepare(Fixture.OPERATOR, "acme", file)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> f.catalog().pin(Fixture.OPERATOR, "acme", file)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> f.catalog().delete(Fixture.OPERATOR, "acme", file)).isInstanceOf(PermissionDeniedException.class);

        assertThat(f.restores().prepare(Fixture.ADMIN, "acme", file)).isNotNull();
        assertThatThrownBy(() -> f.backups.status(Actor.user("stranger"), "acme")).as("no role, no permission")
                .isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void theAuditFilterPassesEveryEventButProgress() {
        List<BackupEvent> audit = new ArrayList<>();
        var listener = AuditListeners.withoutProgress(audit::add);
        for (BackupEvent.Type type : BackupEvent.Type.values()) {
            listener.onEvent(event(type));
        }
        assertThat(audit).extracting(BackupEvent::type).doesNotContain(BackupEvent.Type.BACKUP_PROGRESS, BackupEvent.Type.RESTORE_PROGRESS)
                .hasSize(BackupEvent.Type.values().length - 2);
        assertThat(AuditListeners.isProgress(event(BackupEvent.Type.RESTORE_PROGRESS))).isTrue();

        List<BackupEvent> failures = new ArrayList<>();
        var only = AuditListeners.only(EnumSet.of(BackupEvent.Type.BACKUP_FAILED, BackupEvent.Type.RESTORE_FAILED), failures::add);
        for (BackupEvent.Type type : BackupEvent.Type.values()) {
            only.onEvent(event(type));
        }
        assertThat(failures).extracting(BackupEvent::type).containsExactly(BackupEvent.Type.BACKUP_FAILED, BackupEvent.Type.RESTORE_FAILED);
        AuditListeners.only(Set.of(), failures::add).onEvent(event(BackupEvent.Type.BACKUP_FAILED));
        assertThat(failures).hasSize(2);
    }

    @Test
    void theAuditFilterOnARealBackupKeepsTheStartAndTheCommit() {
        List<BackupEvent> audit = new java.util.concurrent.CopyOnWriteArrayList<>();
        Fixture f = fixture(b -> b.listener(AuditListeners.withoutProgress(audit::add)));
        f.backups.backup(Fixture.ADMIN, "acme", BackupTrigger.MANUAL);
        assertThat(audit).extracting(BackupEvent::type).containsExactly(BackupEvent.Type.BACKUP_STARTED, BackupEvent.Type.BACKUP_COMPLETED);
    }

    private static BackupEvent event(BackupEvent.Type type) {
        return new BackupEvent(type, Instant.parse("2026-11-26T10:00:00Z"), "acme", Fixture.ADMIN, "manual_x.gz.enc",
                Duration.ZERO, 0, 0, "", null);
    }

    private static Map<String, Outcome> outcomes(List<ScheduledOutcome> outcomes) {
        Map<String, Outcome> m = new java.util.TreeMap<>();
        outcomes.forEach(o -> m.put(o.tenantId(), o.outcome()));
        return m;
    }
}
