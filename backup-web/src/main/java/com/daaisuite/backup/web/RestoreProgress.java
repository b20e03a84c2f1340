package com.daaisuite.backup.web;

import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.BackupListener;
import com.daaisuite.backup.core.spi.MaintenanceGate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets the restore dialog show which phase a restore is in: taking the safety backup, workspace
 * unavailable (the host's maintenance gate is closed), restoring. The library reports phases through
 * its events and the maintenance gate, both of which are fixed when {@code Backups} is built, so the
 * host creates this first and gives it to both builders:
 *
 * <pre>{@code
 * RestoreProgress progress = new RestoreProgress();
 * Backups backups = Backups.builder() // .source(..).storage(..).keys(..).tenants(..).access(..)
 *         .listener(progress)
 *         .gate(progress.around(hostGate))
 *         .build();
 * BackupsWeb web = BackupsWeb.builder().backups(backups).restoreProgress(progress) // .identity(..) ...
 *         .build();
 * }</pre>
 *
 * <p>Without it the dialog still works and shows a single "restoring" phase.
 */
public final class RestoreProgress implements BackupListener {
    /** The phases in the order a restore passes through them. */
    public enum Phase {
        /** The restore was accepted and waits for the tenant's lock. */
        STARTING,
        /**
         * The restore started under the tenant's lock and is about to close the gate (restoring into
         * another database, without a gate: its safety backup and staging run in this phase).
         */
        SAFETY_BACKUP,
        /**
         * The host's maintenance gate is closed: the workspace is unavailable to its users while the
         * safety backup of the current data is taken and, beside it, the snapshot is staged.
         */
        WORKSPACE_UNAVAILABLE,
        /** Documents are being loaded. */
        RESTORING,
        /** The gate is open again; the restore finished or failed. */
        FINISHED
    }

    /**
     * What is known about one tenant's running restore.
     *
     * @param reached the last phase before {@link Phase#FINISHED}: where a failed restore stopped
     */
    record State(Phase phase, long bytes, long documents, Phase reached) {
        State(Phase phase, long bytes, long documents) {
            this(phase, bytes, documents, phase);
        }

        State finished() {
            return new State(Phase.FINISHED, bytes, documents, phase == Phase.FINISHED ? reached : phase);
        }
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** A tracker with no restore running. */
    public RestoreProgress() {}

    @Override
    public void onEvent(BackupEvent event) {
        String tenant = event.tenantId();
        if (tenant == null) {
            return;
        }
        switch (event.type()) {
            case RESTORE_STARTED -> states.put(tenant, new State(Phase.SAFETY_BACKUP, 0, 0));
            case RESTORE_PROGRESS -> states.computeIfPresent(tenant, (k, s) -> new State(Phase.RESTORING, event.bytes(), event.documents()));
            case RESTORE_COMPLETED, RESTORE_FAILED -> states.computeIfPresent(tenant, (k, s) -> s.finished());
            default -> {
                // Backup events (including the safety backup's own progress) do not change the restore's phase.
            }
        }
    }

    /**
     * Wraps the host's maintenance gate so that closing it shows "workspace unavailable".
     *
     * @param hostGate the host's gate ({@link MaintenanceGate#NONE} when it has none)
     * @return a gate that delegates to it and records the phase
     */
    public MaintenanceGate around(MaintenanceGate hostGate) {
        Objects.requireNonNull(hostGate, "hostGate");
        return new MaintenanceGate() {
            @Override
            public void enter(Tenant tenant, String reason) {
                hostGate.enter(tenant, reason);
                states.compute(tenant.id(), (k, s) -> new State(Phase.WORKSPACE_UNAVAILABLE, 0, 0));
            }

            @Override
            public void exit(Tenant tenant) {
                try {
                    hostGate.exit(tenant);
                } finally {
                    states.computeIfPresent(tenant.id(), (k, s) -> s.finished());
                }
            }

            @Override
            public String toString() {
                return "RestoreProgress.around(" + hostGate + ")";
            }
        };
    }

    /** Forgets a tenant's phase before a new restore starts, so an old FINISHED is never shown. */
    void reset(String tenantId) {
        states.put(tenantId, new State(Phase.STARTING, 0, 0));
    }

    Optional<State> state(String tenantId) {
        return Optional.ofNullable(states.get(tenantId));
    }
}
