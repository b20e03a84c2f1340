package com.daaisuite.backup.crypto;

import com.daaisuite.backup.IntegrityException;

/**
 * An archive belongs to another tenant than the one it is being read or restored for. Archives are bound to their tenant in the header and in the key derivation; restore it for its own tenant instead.
 */
public class WrongTenantException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    public WrongTenantException(String message) {
        super(message);
    }

    public WrongTenantException(String message, Throwable cause) {
        super(message, cause);
    }
}
