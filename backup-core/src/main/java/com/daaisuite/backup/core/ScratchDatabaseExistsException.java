package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * A restore drill was refused because its scratch database already exists on the server and no drill
 * left it: it may be someone's data, so the drill neither uses nor drops it. Nothing was changed.
 */
public final class ScratchDatabaseExistsException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to do */
    public ScratchDatabaseExistsException(String message) {
        super(message);
    }
}
