package com.daaisuite.backup.web;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.RefusedException;
import com.daaisuite.backup.core.BackupInProgressException;
import com.daaisuite.backup.core.ConfirmationMismatchException;
import com.daaisuite.backup.core.FrequencyNotAllowedException;
import com.daaisuite.backup.core.InvalidNameException;
import com.daaisuite.backup.core.PermissionDeniedException;
import com.daaisuite.backup.core.QuotaExceededException;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.TenantSuspendedException;
import com.daaisuite.backup.core.UnknownTenantException;
import com.daaisuite.backup.core.UnverifiedOriginException;
import com.daaisuite.backup.crypto.KeyMissingException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * Maps the library's exceptions to JSON errors with the same meaning: an HTTP status, a stable
 * {@code code} the page can switch on, and a message for people.
 *
 * <p>The message is the library's own (it says what happened and what to do) for refusals, integrity
 * failures and missing snapshots, with anything that looks like a storage path or URI removed. Storage,
 * source and unexpected failures get a fixed message instead: theirs name buckets, folders and hosts,
 * and the browser has no business seeing them (the host's log has the full exception). No response
 * ever carries a stack trace.
 */
final class Errors {
    private static final System.Logger LOG = System.getLogger(Errors.class.getName());

    /** Absolute paths, URIs with a scheme, and Windows drive paths. */
    private static final Pattern PATHS = Pattern.compile(
            "(?i)\\b[a-z][a-z0-9+.-]*:/+[^\\s,;)\"']*|(?<![\\w.])/(?:[\\w.@~-]+/)+[\\w.@~-]*|\\b[a-z]:\\\\[^\\s,;)\"']*");

    /** One mapped error. */
    record Mapped(int status, String code, String message) {
        Map<String, Object> json() {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("code", code);
            e.put("message", message);
            return Map.of("error", e);
        }
    }

    private Errors() {}

    static Mapped map(Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof WebError w) {
            return new Mapped(w.status, w.code, w.getMessage());
        }
        if (t instanceof PermissionDeniedException) {
            return library(403, "permission_denied", t);
        }
        if (t instanceof ConfirmationMismatchException) {
            return library(422, "confirmation_mismatch", t);
        }
        if (t instanceof BackupInProgressException) {
            return library(409, "busy", t);
        }
        if (t instanceof TenantSuspendedException) {
            return library(409, "tenant_suspended", t);
        }
        if (t instanceof QuotaExceededException) {
            return library(409, "quota_exceeded", t);
        }
        if (t instanceof FrequencyNotAllowedException) {
            return library(409, "frequency_not_allowed", t);
        }
        if (t instanceof RefusedException) {
            return library(409, "refused", t);
        }
        if (t instanceof KeyMissingException) {
            return library(503, "key_missing", t);
        }
        if (t instanceof UnverifiedOriginException) {
            return library(422, "unverified_origin", t);
        }
        if (t instanceof IntegrityException) {
            return library(422, "integrity", t);
        }
        if (t instanceof SnapshotNotFoundException) {
            return library(404, "snapshot_not_found", t);
        }
        if (t instanceof UnknownTenantException) {
            return library(404, "unknown_workspace", t);
        }
        if (t instanceof InvalidNameException) {
            return library(400, "invalid_name", t);
        }
        if (t instanceof StorageException) {
            logged(t);
            return new Mapped(503, "storage_unavailable",
                    "The backup storage could not be reached. Nothing was changed; try again later. The server log has the details.");
        }
        if (t instanceof SourceException) {
            logged(t);
            return new Mapped(503, "database_unavailable",
                    "The workspace database could not be reached. Nothing was changed; try again later. The server log has the details.");
        }
        if (t instanceof ConfigurationException) {
            logged(t);
            return new Mapped(500, "configuration",
                    "The backup service is not configured correctly. Ask the administrator to check the server log.");
        }
        logged(t);
        return new Mapped(500, "internal",
                "Something unexpected went wrong. Nothing more is known here; the server log has the details.");
    }

    private static Mapped library(int status, String code, Throwable t) {
        return new Mapped(status, code, scrub(t.getMessage()));
    }

    /** Removes storage paths and URIs from a message that is shown to people. */
    static String scrub(String message) {
        if (message == null || message.isBlank()) {
            return "No details were given.";
        }
        return PATHS.matcher(message).replaceAll("(location hidden)").replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static void logged(Throwable t) {
        String type = t instanceof BackupException ? "library" : "unexpected";
        LOG.log(System.Logger.Level.WARNING, "Backups screen: " + type + " failure answered with a generic message", t);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
