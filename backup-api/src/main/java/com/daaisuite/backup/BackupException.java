package com.daaisuite.backup;

/**
 * The root of every exception daai-backup throws.
 *
 * <p>Unchecked, like the driver and SDK exceptions it often wraps: callers catch the precise subtype
 * they can act on ({@link IntegrityException}, {@link RefusedException}, ...) and let the rest
 * propagate. Every message says what happened, to which tenant or file, and what to do next. No
 * message, and no {@code toString()} of any object in this library, ever contains key material or
 * storage credentials.
 */
public abstract class BackupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected BackupException(String message) {
        super(message);
    }

    protected BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
