package com.daaisuite.backup.core;

import com.daaisuite.backup.IntegrityException;

/**
 * The archive a restore loaded is not the one its whole-archive proof read: the object changed in
 * storage (renamed over, rewritten) between the proof and the load. The load is bound to the
 * proven bytes, so the restore ends before the swap: what was staged is dropped and the live
 * database is left exactly as it was. CLI exit 3.
 */
public class ArchiveChangedException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which snapshot, and what to do next */
    public ArchiveChangedException(String message) {
        super(message);
    }
}
