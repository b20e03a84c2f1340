package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * Every call on a {@link Backups} (and on its {@link Backups#restores() restores} and
 * {@link Backups#catalog() catalog}) after {@link Backups#close()} has begun fails with this, before
 * doing anything. Build a new {@code Backups} to continue.
 */
public class BackupsClosedException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused and what to do */
    public BackupsClosedException(String message) {
        super(message);
    }
}
