package com.daaisuite.backup;

/**
 * A request was refused before anything was changed: a missing permission, a confirmation that
 * does not match, a quota that would be exceeded, a suspended tenant, a backup already running.
 *
 * <p>The operator command line maps every subtype to exit code 4.
 */
public abstract class RefusedException extends BackupException {
    private static final long serialVersionUID = 1L;

    protected RefusedException(String message) {
        super(message);
    }

    protected RefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
