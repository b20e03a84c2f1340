package com.daaisuite.backup.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The phases the restore dialog shows, from the library's events and the host's maintenance gate, in the library's order. */
class RestoreProgressTest {
    static final Tenant ACME = Tenant.of("acme", "Acme Traders", "daai_acme");
    static final Tenant GLOBEX = Tenant.of("globex", "Globex", "daai_globex");

    static BackupEvent event(BackupEvent.Type type, String tenant, long documents) {
        return new BackupEvent(type, Instant.EPOCH, tenant, new Actor("u", "U"), "f.gz.enc", Duration.ZERO, documents * 100,
                documents, "", null);
    }

    static String phase(RestoreProgress p, String tenant) {
        return p.state(tenant).map(s -> s.phase().name()).orElse("none");
    }

    @Test
    void a_restore_passes_safety_backup_then_workspace_unavailable_then_restoring_then_finished() {
        List<String> hostCalls = new ArrayList<>();
        RestoreProgress p = new RestoreProgress();
        MaintenanceGate gate = p.around(new MaintenanceGate() {
            @Override
            public void enter(Tenant tenant, String reason) {
                hostCalls.add("enter " + tenant.id() + ": " + reason);
            }

            @Override
            public void exit(Tenant tenant) {
                hostCalls.add("exit " + tenant.id());
            }
        });
        assertThat(phase(p, "acme")).isEqualTo("none");
        p.reset("acme");
        assertThat(phase(p, "acme")).isEqualTo("STARTING");
        p.onEvent(event(BackupEvent.Type.RESTORE_STARTED, "acme", 0));
        assertThat(phase(p, "acme")).isEqualTo("SAFETY_BACKUP");
        // The safety backup's own events do not move the restore on.
        p.onEvent(event(BackupEvent.Type.BACKUP_PROGRESS, "acme", 10));
        p.onEvent(event(BackupEvent.Type.BACKUP_COMPLETED, "acme", 20));
        assertThat(phase(p, "acme")).isEqualTo("SAFETY_BACKUP");
        gate.enter(ACME, "Restoring a backup");
        assertThat(phase(p, "acme")).isEqualTo("WORKSPACE_UNAVAILABLE");
        p.onEvent(event(BackupEvent.Type.RESTORE_PROGRESS, "acme", 42));
        assertThat(phase(p, "acme")).isEqualTo("RESTORING");
        assertThat(p.state("acme").orElseThrow().documents()).isEqualTo(42);
        assertThat(phase(p, "globex")).isEqualTo("none");
        gate.exit(ACME);
        assertThat(phase(p, "acme")).isEqualTo("FINISHED");
        assertThat(hostCalls).containsExactly("enter acme: Restoring a backup", "exit acme");
    }

    @Test
    void a_host_gate_that_refuses_leaves_the_phase_and_the_refusal_reaches_the_library() {
        RestoreProgress p = new RestoreProgress();
        MaintenanceGate gate = p.around(new MaintenanceGate() {
            @Override
            public void enter(Tenant tenant, String reason) {
                throw new IllegalStateException("maintenance window closed");
            }

            @Override
            public void exit(Tenant tenant) {}
        });
        p.reset("globex");
        p.onEvent(event(BackupEvent.Type.RESTORE_STARTED, "globex", 0));
        assertThatThrownBy(() -> gate.enter(GLOBEX, "Restoring a backup")).hasMessage("maintenance window closed");
        assertThat(phase(p, "globex")).isEqualTo("SAFETY_BACKUP");
        p.onEvent(event(BackupEvent.Type.RESTORE_FAILED, "globex", 0));
        assertThat(phase(p, "globex")).isEqualTo("FINISHED");
    }
}
