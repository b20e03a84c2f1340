package com.daaisuite.backup.core;

import com.daaisuite.backup.RefusedException;

/**
 * A snapshot on legal hold (pinned) cannot be deleted. Nothing was changed; unpin it first (which
 * needs {@link Permission#RETENTION}) if it really must go.
 */
public class LegalHoldException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public LegalHoldException(String message) {
        super(message);
    }
}
