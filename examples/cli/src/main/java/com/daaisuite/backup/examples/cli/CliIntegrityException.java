package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.IntegrityException;

/** An input file that is not what the command needs (exit code 3), detected by the CLI itself. */
final class CliIntegrityException extends IntegrityException {
    private static final long serialVersionUID = 1L;

    CliIntegrityException(String message) {
        super(message);
    }

    CliIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
