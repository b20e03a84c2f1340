package com.daaisuite.backup.crypto;

import com.daaisuite.backup.IntegrityException;

/**
 * An archive was encrypted with a key that no configured provider knows. The message names the key id in the archive and the ids configured; and, in the key provider's own terms ({@link com.daaisuite.backup.crypto.spi.KeyProvider#howToAddRetiredKey()}), how to add the retired key.
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
