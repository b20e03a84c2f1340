package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.ConfigurationException;

/** A bad option value the CLI itself detected (exit code 2). */
final class CliUsageException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    CliUsageException(String message) {
        super(message);
    }

    CliUsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
