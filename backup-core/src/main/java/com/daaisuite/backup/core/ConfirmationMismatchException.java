package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * The typed workspace name does not equal the tenant's workspace name exactly. Nothing was changed. Type the workspace name exactly as shown.
 */
public class ConfirmationMismatchException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public ConfirmationMismatchException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public ConfirmationMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
