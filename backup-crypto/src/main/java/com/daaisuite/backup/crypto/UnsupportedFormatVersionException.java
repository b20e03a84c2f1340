package com.daaisuite.backup.crypto;

import com.daaisuite.backup.IntegrityException;

/**
 * A DBK1 archive declares a format version or cipher suite this library does not implement. Upgrade daai-backup to read it.
 */
public class UnsupportedFormatVersionException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFormatVersionException(String message) {
        super(message);
    }

    public UnsupportedFormatVersionException(String message, Throwable cause) {
        super(message, cause);
    }
}
