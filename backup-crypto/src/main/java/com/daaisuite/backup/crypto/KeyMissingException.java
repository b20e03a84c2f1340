package com.daaisuite.backup.crypto;

import com.daaisuite.backup.BackupException;

/**
 * No current encryption key is configured, so no new encrypted backup can be made. Nothing was written. Set {@code BACKUP_ENCRYPTION_KEY} (32 random bytes, base64 or hex) or give the builder a key provider.
 */
public class KeyMissingException extends BackupException {
    private static final long serialVersionUID = 1L;

    public KeyMissingException(String message) {
        super(message);
    }

    public KeyMissingException(String message, Throwable cause) {
        super(message, cause);
    }
}
