package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * The frequency is not allowed for this tenant: {@code daily} is for sandbox workspaces only.
 */
public class FrequencyNotAllowedException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public FrequencyNotAllowedException(String message) {
        super(message);
    }

    public FrequencyNotAllowedException(String message, Throwable cause) {
        super(message, cause);
    }
}
