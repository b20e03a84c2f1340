package com.daaisuite.backup.crypto;

import com.daaisuite.backup.IntegrityException;

/**
 * An archive was encrypted with a key that no configured provider knows. The message names the key id in the archive and the ids configured; add the retired key (for example to {@code BACKUP_ENCRYPTION_KEYS_RETIRED}).
 */
public class KeyUnknownException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    public KeyUnknownException(String message) {
        super(message);
    }

    public KeyUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
