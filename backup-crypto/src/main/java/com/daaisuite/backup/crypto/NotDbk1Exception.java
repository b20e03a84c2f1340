package com.daaisuite.backup.crypto;

import com.daaisuite.backup.IntegrityException;

/**
 * A stream handed to the DBK1 reader is not a DBK1 archive. When it is a plaintext gzip or mongodump archive the message says so; read it as a legacy archive instead.
 */
public class NotDbk1Exception extends IntegrityException {
    private static final long serialVersionUID = 1L;

    public NotDbk1Exception(String message) {
        super(message);
    }

    public NotDbk1Exception(String message, Throwable cause) {
        super(message, cause);
    }
}
