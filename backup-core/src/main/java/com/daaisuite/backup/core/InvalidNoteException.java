package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * A Backup Now note longer than {@link BackupService#MAX_NOTE_LENGTH} characters. Nothing was started;
 * the note is refused as a whole rather than silently cut, so the caller can shorten it.
 */
public class InvalidNoteException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /** @param message the length limit and what was given */
    public InvalidNoteException(String message) {
        super(message);
    }
}
