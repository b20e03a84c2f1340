package com.daaisuite.backup.crypto;

import com.daaisuite.backup.BackupException;

/**
 * No current encryption key is configured, so no new encrypted backup can be made. Nothing was written. The message says how to configure the key in the key provider's own terms ({@link com.daaisuite.backup.crypto.spi.KeyProvider#howToConfigureKey()}): the environment variable, the configuration setting, ...
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
