package com.daaisuite.backup.examples.cli;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.RefusedException;
import com.daaisuite.backup.core.InvalidNameException;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The exit-code contract (docs/cli.md) and the one-line error messages.
 *
 * <p>The exception's group decides the code, not its class name, so new precise exceptions in the
 * library land in the right group without touching the CLI.
 */
final class ExitCodes {
    /** Success. */
    static final int OK = 0;
    /** Any failure not covered below (storage down, file missing, key missing, ...). */
    static final int FAILURE = 1;
    /** Bad options or values: unknown URI scheme, malformed key, invalid tenant id, bad zone. */
    static final int USAGE = 2;
    /** The archive cannot be trusted: tampered, corrupt, wrong key, wrong tenant. */
    static final int INTEGRITY = 3;
    /** Refused: confirmation mismatch, permission, quota, suspended tenant, tenant busy. */
    static final int REFUSED = 4;

    private ExitCodes() {}

    static int of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IntegrityException) {
                return INTEGRITY;
            }
            if (c instanceof RefusedException) {
                return REFUSED;
            }
            if (c instanceof ConfigurationException || c instanceof InvalidNameException) {
                return USAGE;
            }
            if (c == c.getCause()) {
                break;
            }
        }
        return FAILURE;
    }

    /**
     * Prints one line (what happened, what to do) and, with {@code --verbose}, the stack trace.
     *
     * @return the exit code
     */
    static int report(Throwable t, PrintWriter err, boolean verbose) {
        int code = of(t);
        err.println("daai-backup: " + oneLine(t) + (verbose ? "" : hint(code)));
        if (verbose) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        err.flush();
        return code;
    }

    private static String hint(int code) {
        return code == FAILURE ? " (--verbose shows the stack trace)" : "";
    }

    /** The most useful message in the chain, on one line. */
    static String oneLine(Throwable t) {
        Throwable shown = unwrap(t);
        for (Throwable c = shown; c != null; c = c.getCause()) {
            // The library's messages already say what happened and what to do: prefer the most specific one.
            if (c instanceof IntegrityException || c instanceof RefusedException || c instanceof ConfigurationException) {
                shown = c;
                break;
            }
            if (c == c.getCause()) {
                break;
            }
        }
        return flatten(describe(shown));
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException || c instanceof UncheckedIOException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static String describe(Throwable t) {
        if (t instanceof BackupException) {
            return t.getMessage();
        }
        if (t instanceof NoSuchFileException e) {
            return "File not found: " + e.getFile() + ". Check the path and try again.";
        }
        if (t instanceof FileNotFoundException) {
            return "File not found: " + t.getMessage() + ". Check the path and try again.";
        }
        if (t instanceof FileAlreadyExistsException e) {
            return "The output file " + e.getFile() + " already exists; nothing was overwritten. Choose another name or delete it first.";
        }
        if (t instanceof AccessDeniedException e) {
            return "Permission denied on " + e.getFile() + ". Check the file's owner and mode, or run as a user who may read/write it.";
        }
        if (t instanceof java.io.IOException) {
            return "I/O failure: " + t.getMessage() + ". Check the disk, the path and the network, then retry.";
        }
        if (t instanceof InterruptedException) {
            return "Interrupted before the operation finished; nothing was committed by this command. Run it again.";
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m)
                + ". This is unexpected; rerun with --verbose and report the stack trace.";
    }

    private static String flatten(String s) {
        return s == null ? "unknown failure" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
