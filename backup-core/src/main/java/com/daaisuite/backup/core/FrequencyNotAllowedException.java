package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * The frequency is not allowed for this tenant: {@code daily} is for sandbox workspaces only.
 */
public class FrequencyNotAllowedException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public FrequencyNotAllowedException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public FrequencyNotAllowedException(String message, Throwable cause) {
        super(message, cause);
    }
}
