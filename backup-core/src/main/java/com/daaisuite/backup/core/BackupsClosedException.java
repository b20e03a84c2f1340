package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * Every call on a {@link Backups} (and on its {@link Backups#restores() restores} and
 * {@link Backups#catalog() catalog}) after {@link Backups#close()} has begun fails with this, before
 * doing anything. Build a new {@code Backups} to continue.
 *
 * <p>A backup that {@code close()} had to interrupt (it waits ten seconds for running Backup Now jobs) fails with
 * it too, saying that close stopped it, with what the interrupt broke as the cause; its {@code BACKUP_FAILED} event
 * says the same. Nothing of it is stored.
 */
public class BackupsClosedException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused and what to do */
    public BackupsClosedException(String message) {
        super(message);
    }

    /**
     * @param message what was stopped or refused and what to do
     * @param cause how the work in progress noticed (an interrupted wait, a closed pool)
     */
    public BackupsClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
