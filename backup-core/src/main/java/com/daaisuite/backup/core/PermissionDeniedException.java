package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * The actor lacks the {@link Permission} the operation needs for the tenant. Nothing was changed; the
 * refusal was reported to the listeners as an {@link BackupEvent.Type#OPERATION_REFUSED} audit event naming the actor.
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
