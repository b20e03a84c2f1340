package com.daaisuite.backup;

/**
 * An archive cannot be trusted: it is corrupt or tampered with, was made with a key that is not
 * configured, or belongs to another tenant. Nothing from such an archive is ever restored.
 *
 * <p>The operator command line maps every subtype to exit code 3.
 */
public abstract class IntegrityException extends BackupException {
    private static final long serialVersionUID = 1L;

    protected IntegrityException(String message) {
        super(message);
    }

    protected IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
