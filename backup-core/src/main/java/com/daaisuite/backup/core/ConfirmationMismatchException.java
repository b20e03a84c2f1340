package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * The typed workspace name does not equal the tenant's workspace name exactly. Nothing was changed. Type the workspace name exactly as shown.
 */
public class ConfirmationMismatchException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public ConfirmationMismatchException(String message) {
        super(message);
    }

    public ConfirmationMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
