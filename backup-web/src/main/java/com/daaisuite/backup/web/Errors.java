package com.daaisuite.backup.web;

import com.daaisuite.backup.ConfigurationException;
import com.daaisuite.backup.IntegrityException;
import com.daaisuite.backup.RefusedException;
import com.daaisuite.backup.core.BackupInProgressException;
import com.daaisuite.backup.core.BackupTooSoonException;
import com.daaisuite.backup.core.ConfirmationMismatchException;
import com.daaisuite.backup.core.FrequencyNotAllowedException;
import com.daaisuite.backup.core.InvalidNameException;
import com.daaisuite.backup.core.InvalidSelectionException;
import com.daaisuite.backup.core.PermissionDeniedException;
import com.daaisuite.backup.core.QuotaExceededException;
import com.daaisuite.backup.core.SnapshotNotFoundException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.StorageException;
import com.daaisuite.backup.core.TenantSuspendedException;
import com.daaisuite.backup.core.UnknownTenantException;
import com.daaisuite.backup.core.UnverifiedOriginException;
import com.daaisuite.backup.crypto.KeyMissingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps the library's exceptions to JSON errors with the same meaning: an HTTP status, a stable
 * {@code code} the page can switch on, and a fixed sentence for people (docs/web.md, "What the
 * browser is told").
 *
 * <p>The library's own messages are written for operators: they name tenants, files, hosts, ports,
 * databases, key ids, environment variables and exception classes. None of that reaches the browser.
 * Every code has one fixed sentence; the library's message and stack trace go to the host's log under
 * a short reference, and the sentence ends with that reference so that an administrator can find the
 * log line ("reference 7f3a0c12"). The same failure always gets the same reference and is logged
 * once, so a page that polls a failed job does not fill the log.
 */
final class Errors {
    private static final System.Logger LOG = System.getLogger(Errors.class.getName());
    /** Salts references per process, so a reference says nothing about the text it stands for. */
    private static final byte[] SALT = new byte[16];
    private static final int MAX_REMEMBERED = 10_000;
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    static {
        new SecureRandom().nextBytes(SALT);
    }

    static final String KEY_MISSING = "Backups are paused: the encryption key is not configured on the server."
            + " Contact your infrastructure team.";

    /** One mapped error. */
    record Mapped(int status, String code, String message, String reference) {
        Map<String, Object> json() {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("code", code);
            e.put("message", message);
            if (reference != null) {
                e.put("reference", reference);
            }
            return Map.of("error", e);
        }
    }

    private Errors() {}

    static Mapped map(Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof WebError w) {
            return new Mapped(w.status, w.code, w.getMessage(), null);
        }
        if (t instanceof PermissionDeniedException) {
            return fixed(403, "permission_denied", "You may not do this in this workspace. Ask a workspace administrator"
                    + " for the permission.", t);
        }
        if (t instanceof ConfirmationMismatchException) {
            return fixed(422, "confirmation_mismatch", "The typed name does not match the workspace name exactly (letter case"
                    + " and spaces count). Nothing was restored.", t);
        }
        if (t instanceof BackupInProgressException) {
            return fixed(409, "busy", "Another backup or restore of this workspace is running. Nothing was changed; wait for it"
                    + " to finish and try again.", t);
        }
        if (t instanceof TenantSuspendedException) {
            return fixed(409, "tenant_suspended", "The subscription of this workspace is suspended, so no new backups are taken."
                    + " Existing backups are kept; reactivate the subscription to resume.", t);
        }
        if (t instanceof QuotaExceededException) {
            return fixed(409, "quota_exceeded", "Backup storage is full, so this backup was refused. Delete old manual backups"
                    + " or ask for a larger quota.", t);
        }
        if (t instanceof BackupTooSoonException soon) {
            return fixed(429, "too_soon", "A backup of this workspace was started " + Formats.duration(soon.sinceLast())
                    + " ago. Wait " + Formats.duration(soon.retryAfter()) + " before starting another one.", t);
        }
        if (t instanceof FrequencyNotAllowedException) {
            return fixed(409, "frequency_not_allowed", "This backup schedule is not available for this workspace.", t);
        }
        if (t instanceof RefusedException) {
            return fixed(409, "refused", "The backup service refused this request. Nothing was changed.", t);
        }
        if (t instanceof KeyMissingException) {
            return fixed(503, "key_missing", KEY_MISSING, t);
        }
        if (t instanceof UnverifiedOriginException) {
            return fixed(422, "unverified_origin", "This archive is not encrypted and is newer than the first encrypted backup,"
                    + " so it may have been placed in the backup storage by someone else. It was not restored.", t);
        }
        if (t instanceof IntegrityException) {
            return fixed(422, "integrity", "This backup failed its integrity check: it is damaged, was changed, or belongs to"
                    + " another workspace or encryption key. Nothing was restored.", t);
        }
        if (t instanceof SnapshotNotFoundException) {
            return fixed(404, "snapshot_not_found", "That backup does not exist (any more). Reload the list and pick one from it.", t);
        }
        if (t instanceof UnknownTenantException) {
            return fixed(404, "unknown_workspace", "This workspace is not known to the backup service. Ask an administrator.", t);
        }
        if (t instanceof InvalidNameException) {
            return fixed(400, "invalid_name", "That is not the name of a backup. Pick one from the list.", t);
        }
        if (t instanceof StorageException) {
            return fixed(503, "storage_unavailable", "The backup storage cannot be read right now. Nothing was changed; try"
                    + " again later, and tell your infrastructure team if it stays this way.", t);
        }
        if (t instanceof SourceException) {
            return fixed(503, "database_unavailable", "The workspace database cannot be reached right now. Nothing was changed;"
                    + " try again later, and tell your infrastructure team if it stays this way.", t);
        }
        if (t instanceof com.daaisuite.backup.core.PartialSnapshotException) {
            return fixed(400, "partial_snapshot", "This backup holds only some of the workspace's data, so it cannot replace"
                    + " the whole workspace. Restore it with \u201cOnly some data\u201d. Nothing was changed.", t);
        }
        if (t instanceof InvalidSelectionException) {
            return fixed(400, "invalid_selection", "That choice of data cannot be restored from this backup. Pick the collections"
                    + " from the dialog's list. Nothing was changed.", t);
        }
        if (t instanceof ConfigurationException) {
            return fixed(500, "configuration", "The backup service is not configured correctly. Tell your infrastructure team.", t);
        }
        return fixed(500, "internal", "Something unexpected went wrong. Tell your infrastructure team.", t);
    }

    /** The fixed sentence, its reference appended; the exception goes to the log under that reference. */
    private static Mapped fixed(int status, String code, String sentence, Throwable t) {
        String ref = logged(code, t.getClass().getName() + ": " + t.getMessage(), t);
        return new Mapped(status, code, sentence + " (reference " + ref + ")", ref);
    }

    /**
     * Logs a failure text (once) under its reference, for texts that are not exceptions, such as the
     * library's last-failure line.
     *
     * @return the reference to show
     */
    static String reference(String what, String detail) {
        return logged(what, detail, null);
    }

    private static String logged(String code, String detail, Throwable t) {
        String ref = referenceOf(detail);
        if (LOGGED.size() > MAX_REMEMBERED) {
            LOGGED.clear();
        }
        if (LOGGED.add(ref)) {
            System.Logger.Level level = code.equals("internal") || code.equals("configuration") ? System.Logger.Level.ERROR
                    : System.Logger.Level.WARNING;
            LOG.log(level, "Backups screen: " + code + " answered with a fixed message, reference " + ref + ": " + detail, t);
        }
        return ref;
    }

    private static String referenceOf(String detail) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(SALT);
            d.update(String.valueOf(detail).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest(), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
