package com.daaisuite.backup.core;

/**
 * A commit found an object already stored under the same name. Uploads are create-only: two
 * writers can never overwrite one archive. The upload was discarded; nothing was overwritten.
 */
public class ObjectExistsException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, to which tenant or file, and what to do next */
    public ObjectExistsException(String message) {
        super(message);
    }

    /**
     * @param message what happened, to which tenant or file, and what to do next
     * @param cause the underlying failure
     */
    public ObjectExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
