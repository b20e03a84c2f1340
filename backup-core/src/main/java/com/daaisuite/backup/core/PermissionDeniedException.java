package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * The actor lacks the permission (CREATE to back up, RESTORE to restore) for the tenant. Nothing was changed; the refusal was reported to the listeners as an audit event.
 */
public class PermissionDeniedException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public PermissionDeniedException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public PermissionDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
