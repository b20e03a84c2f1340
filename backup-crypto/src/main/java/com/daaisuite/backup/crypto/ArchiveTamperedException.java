package com.daaisuite.backup.crypto;

import com.daaisuite.backup.IntegrityException;

/**
 * A DBK1 archive failed authentication: a segment's tag did not verify, the stream was truncated, reordered or extended, or the header was edited. The message names the segment. No byte of an unauthenticated segment is ever released.
 */
public class ArchiveTamperedException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    public ArchiveTamperedException(String message) {
        super(message);
    }

    public ArchiveTamperedException(String message, Throwable cause) {
        super(message, cause);
    }
}
