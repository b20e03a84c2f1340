package com.daaisuite.backup.core;

import com.daaisuite.backup.ConfigurationException;

/**
 * A document restore's selection cannot be used: no collection, both or neither of ids and filter, an
 * {@code _id} that is not extended JSON, or a filter outside the subset the library evaluates exactly
 * (docs/restore.md, "Restoring part of a snapshot"). Nothing was read or changed; correct the request.
 */
public class InvalidSelectionException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the selection and how to write it instead */
    public InvalidSelectionException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the selection and how to write it instead
     * @param cause the underlying failure
     */
    public InvalidSelectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
