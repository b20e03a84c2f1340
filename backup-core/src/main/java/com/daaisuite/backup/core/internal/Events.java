package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.spi.BackupListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events to the listeners; a throwing listener is logged and ignored. */
public final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    private final List<BackupListener> listeners;
    private final Clock clock;

    /**
     * @param listeners the host's listeners, in order
     * @param clock stamps each event
     */
    public Events(List<BackupListener> listeners, Clock clock) {
        this.listeners = listeners;
        this.clock = clock;
    }

    void emit(BackupEvent.Type type, String tenantId, Actor actor, String fileName, Duration duration, long bytes,
            long documents, String detail, Throwable error) {
        // Names and details can carry caller input (a refused file name): escape before anyone logs them.
        fileName = Printable.of(fileName);
        detail = Printable.of(detail);
        BackupEvent e = new BackupEvent(type, clock.instant(), tenantId, actor, fileName,
                duration == null ? Duration.ZERO : duration, bytes, documents, detail, error);
        if (type == BackupEvent.Type.BACKUP_FAILED || type == BackupEvent.Type.RESTORE_FAILED) {
            LOG.warn(logLine(type, tenantId, fileName, actor, detail));
        } else if (type != BackupEvent.Type.BACKUP_PROGRESS && type != BackupEvent.Type.RESTORE_PROGRESS) {
            LOG.info(logLine(type, tenantId, fileName, actor, detail));
        }
        for (BackupListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException | Error ex) {
                if (ex instanceof VirtualMachineError vme) {
                    throw vme;
                }
                LOG.warn("Backup listener {} threw on {} for tenant {}; ignored", l.getClass().getName(), type, tenantId, ex);
            }
        }
    }

    /**
     * The log line of an event: only the fields it has, so that no line reads {@code file=null} (an
     * event before a file is named, such as a refusal) or ends with {@code : null}.
     */
    static String logLine(BackupEvent.Type type, String tenantId, String fileName, Actor actor, String detail) {
        StringBuilder b = new StringBuilder().append(type);
        if (tenantId != null) {
            b.append(" tenant=").append(tenantId);
        }
        if (fileName != null && !fileName.isEmpty()) {
            b.append(" file=").append(fileName);
        }
        if (actor != null) {
            b.append(" actor=").append(actor.id());
        }
        if (detail != null && !detail.isEmpty()) {
            b.append(": ").append(detail);
        }
        return b.toString();
    }

    void simple(BackupEvent.Type type, String tenantId, Actor actor, String fileName, String detail, Throwable error) {
        emit(type, tenantId, actor, fileName, Duration.ZERO, 0, 0, detail, error);
    }
}
