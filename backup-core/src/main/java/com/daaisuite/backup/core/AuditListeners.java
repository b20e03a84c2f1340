package com.daaisuite.backup.core;

import com.daaisuite.backup.core.spi.BackupListener;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Listeners for an audit trail. Every event is audit-worthy except progress: {@code BACKUP_PROGRESS} and
 * {@code RESTORE_PROGRESS} arrive about once a second while data moves, and belong on a progress bar, not in an
 * audit table.
 *
 * <pre>{@code
 * Backups.builder().listener(AuditListeners.withoutProgress(event -> auditLog.record(
 *         event.at(), event.actorIfAny().map(Actor::id).orElse("-"), event.type().name(), event.tenantId(),
 *         event.fileName(), event.detail())));
 * }</pre>
 */
public final class AuditListeners {
    private static final Set<BackupEvent.Type> PROGRESS = EnumSet.of(BackupEvent.Type.BACKUP_PROGRESS,
            BackupEvent.Type.RESTORE_PROGRESS);

    private AuditListeners() {}

    /**
     * @param event an event
     * @return true for a progress event ({@code BACKUP_PROGRESS}, {@code RESTORE_PROGRESS})
     */
    public static boolean isProgress(BackupEvent event) {
        return PROGRESS.contains(event.type());
    }

    /**
     * @param audit the host's audit sink
     * @return a listener passing it every event but progress
     */
    public static BackupListener withoutProgress(BackupListener audit) {
        Objects.requireNonNull(audit, "audit");
        return e -> {
            if (!isProgress(e)) {
                audit.onEvent(e);
            }
        };
    }

    /**
     * @param types the kinds of event to pass
     * @param listener the host's listener
     * @return a listener passing it only events of those kinds
     */
    public static BackupListener only(Set<BackupEvent.Type> types, BackupListener listener) {
        Objects.requireNonNull(listener, "listener");
        Set<BackupEvent.Type> copy = types.isEmpty() ? EnumSet.noneOf(BackupEvent.Type.class) : EnumSet.copyOf(types);
        return e -> {
            if (copy.contains(e.type())) {
                listener.onEvent(e);
            }
        };
    }
}
