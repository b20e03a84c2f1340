package com.daaisuite.backup.core.spi;

import com.daaisuite.backup.core.BackupEvent;

/**
 * Receives every event: an audit trail (who did what to which tenant, every refusal with its reason)
 * and a metrics feed. Called synchronously on the working thread, so it must be quick; an exception
 * it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface BackupListener {
    /** @param event what happened */
    void onEvent(BackupEvent event);
}
