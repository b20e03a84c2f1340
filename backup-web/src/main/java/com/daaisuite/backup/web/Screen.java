package com.daaisuite.backup.web;

import com.daaisuite.backup.core.BackupJob;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupStatus;
import com.daaisuite.backup.core.Backups;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.RestorePreview;
import com.daaisuite.backup.core.RestoreRequest;
import com.daaisuite.backup.core.RestoreResult;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotInfo;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.SnapshotManifest;
import com.daaisuite.backup.core.SnapshotPage;
import com.daaisuite.backup.core.SnapshotQuery;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.QuotaPolicy;
import com.daaisuite.backup.core.spi.TenantDirectory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What the Database Backups screen shows and does, as JSON-ready maps. The only class of this module
 * that calls the library, and only through its public API; HTTP concerns (routing, CSRF, status codes)
 * live in {@link BackupsWeb}.
 */
final class Screen {
    private static final System.Logger LOG = System.getLogger(Screen.class.getName());
    static final int MAX_NOTE_CHARS = 200;
    static final String PLAINTEXT_WARNING = "Not encrypted: anyone who can read the backup storage can read this backup."
            + " New backups are encrypted.";

    private final Backups backups;
    private final TenantDirectory tenants;
    private final Optional<QuotaPolicy> quota;
    private final Optional<RestoreProgress> progress;
    private final Jobs jobs;
    private final Clock clock;
    private final ExecutorService restoreWorkers;
    /** Notes never change once written, so each is read from its manifest once. */
    private final Map<String, String> notes = new ConcurrentHashMap<>();

    Screen(Backups backups, TenantDirectory tenants, Optional<QuotaPolicy> quota, Optional<RestoreProgress> progress, Jobs jobs,
            ExecutorService restoreWorkers, Clock clock) {
        this.clock = clock;
        this.backups = backups;
        this.tenants = tenants;
        this.quota = quota;
        this.progress = progress;
        this.jobs = jobs;
        this.restoreWorkers = restoreWorkers;
    }

    /** The user's workspace, from the host's session only. */
    Tenant tenant(WebUser user) {
        return tenants.find(user.tenantId()).orElseThrow(() -> new WebError(403, "no_workspace",
                "Your session is not linked to a workspace with backups. Sign in again, or ask an administrator."));
    }

    Map<String, Object> session(WebUser user, String csrfToken) {
        Tenant t = tenant(user);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", Map.of("name", user.actor().displayName()));
        out.put("workspace", Map.of("name", t.workspaceName(), "zone", t.zone().getId()));
        Map<String, Object> may = new LinkedHashMap<>();
        may.put("view", user.may(Permission.VIEW));
        may.put("create", user.may(Permission.CREATE));
        may.put("restore", user.may(Permission.RESTORE));
        out.put("permissions", may);
        out.put("csrfToken", csrfToken);
        return out;
    }

    Map<String, Object> status(WebUser user) {
        Tenant t = tenant(user);
        require(user, Permission.VIEW, "see the backups");
        BackupStatus s = backups.status(user.actor(), t.id());
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("configured", s.keyConfigured());
        // The library's key problem is written for operators (variables, openssl): it goes to the log only.
        s.keyProblem().ifPresent(problem -> Errors.reference("key_missing", problem));
        key.put("problem", s.keyConfigured() ? null : Errors.KEY_MISSING);
        out.put("key", key);
        out.put("subscription", Map.of("active", t.active()));
        out.put("quota", quota(t, s));
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("frequency", t.frequency().label());
        schedule.put("zone", t.zone().getId());
        schedule.put("nextRunAt", s.nextDue().toString());
        // A due time in the past means "overdue": the host's scheduler takes it on its next tick.
        schedule.put("nextRun", s.nextDue().isAfter(clock.instant()) ? Formats.when(s.nextDue(), t.zone())
                : "due now (at the scheduler's next run)");
        out.put("schedule", schedule);
        out.put("lastFailure", s.lastFailure().map(f -> "Nothing was stored; the next backup will try again. (reference "
                + Errors.reference("last_failure", f) + ")").orElse(null));
        out.put("running", s.running());
        // The last restore drill, for a "proven restorable on …" mark on the row of out.lastDrill.file.
        out.put("lastDrill", s.lastDrill().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", d.fileName());
            m.put("passed", d.passed());
            m.put("at", d.startedAt().toString());
            m.put("when", Formats.when(d.startedAt(), t.zone()));
            // A fixed sentence: the reason names collections and counts, which go to the log under the reference.
            String reference = d.reason().map(r -> Errors.reference("drill_failed", r)).orElse(null);
            m.put("reason", reference == null ? null : "The snapshot did not prove restorable in its drill. (reference "
                    + reference + ")");
            // What the status area shows, in the screen's own words: only the time and the file, never the reason's details.
            m.put("sentence", d.passed()
                    ? "The last restore drill passed on " + Formats.when(d.startedAt(), t.zone()) + ": the backup " + d.fileName()
                            + " was restored into a scratch database and matched what it recorded."
                    : "The last restore drill failed on " + Formats.when(d.startedAt(), t.zone()) + ": the backup " + d.fileName()
                            + " did not prove restorable. Tell your infrastructure team." + (reference == null ? "" : " (reference " + reference + ")"));
            return m;
        }).orElse(null));
        return out;
    }

    /**
     * The host's quota says only how much room is left, so "near" is judged against the backups this
     * workspace makes: less room than two more of its newest backup means the next ones may be refused.
     */
    private Map<String, Object> quota(Tenant t, BackupStatus s) {
        Map<String, Object> q = new LinkedHashMap<>();
        OptionalLong headroom = quota.map(p -> p.headroomBytes(t)).orElse(OptionalLong.empty());
        if (headroom.isEmpty()) {
            q.put("state", "unlimited");
            return q;
        }
        long h = headroom.getAsLong();
        long newest = s.lastSnapshot().map(Snapshot::sizeBytes).orElse(0L);
        q.put("state", h <= 0 || h < newest ? "over" : h < 2 * newest ? "near" : "ok");
        q.put("headroomBytes", Math.max(0, h));
        q.put("headroom", Formats.size(Math.max(0, h)));
        return q;
    }

    static final int PAGE_ROWS = 200;

    /**
     * One page of the list, sorted and filtered by the library ({@code listWithDetails} with a
     * {@link SnapshotQuery}): the notes come with the rows, read in parallel and remembered.
     */
    Map<String, Object> snapshots(WebUser user, int offset, int limit, boolean oldestFirst, Optional<String> label) {
        Tenant t = tenant(user);
        require(user, Permission.VIEW, "see the backups");
        SnapshotLabel only = label.filter(l -> !l.isBlank()).map(l -> {
            try {
                return SnapshotLabel.fromLabel(l);
            } catch (IllegalArgumentException e) {
                throw new WebError(400, "bad_request", "There is no such kind of backup to filter by.");
            }
        }).orElse(null);
        SnapshotPage page = backups.catalog().listWithDetails(user.actor(), t.id(),
                new SnapshotQuery(offset, limit, oldestFirst, Optional.ofNullable(only)));
        // Origin is judged for display only (the restore asks the library again): plaintext written after
        // the workspace's first encrypted backup is what the library calls "needs override".
        Optional<java.time.Instant> firstEncrypted = firstEncrypted(user, t, page);
        List<Object> rows = new ArrayList<>();
        for (SnapshotInfo i : page.rows()) {
            Map<String, Object> r = row(t, i.snapshot(), i.note());
            r.put("kept", Formats.kept(i.retention(), i.snapshot().createdAt(), t.zone()));
            // The snapshot's last restore drill passed: "proven restorable on …" in its row.
            r.put("provenRestorableAt", i.provenRestorableAt().map(java.time.Instant::toString).orElse(null));
            r.put("proven", i.provenRestorableAt().map(at -> "Proven restorable on " + Formats.when(at, t.zone())).orElse(null));
            // The safety backup of a partial restore: which collections it holds (restorable only as those).
            r.put("onlyCollections", i.onlyCollections().orElse(null));
            if (!i.encrypted()) {
                r.put("origin", firstEncrypted.filter(first -> i.snapshot().createdAt().isAfter(first)).isPresent()
                        ? "needs_override" : "legacy_plaintext");
            }
            rows.add(r);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zone", t.zone().getId());
        out.put("snapshots", rows);
        out.put("offset", offset);
        out.put("limit", limit);
        out.put("matching", page.matching());
        out.put("total", page.total());
        if (page.total() == 0) {
            var next = backups.nextDue(user.actor(), t.id());
            out.put("firstAutomatedBackup", Formats.firstAutomatedBackup(t.frequency(), next, clock.instant(), t.zone()));
        }
        return out;
    }

    /** Only needed when the page shows plaintext; the listing alone answers it, without manifests. */
    private Optional<java.time.Instant> firstEncrypted(WebUser user, Tenant t, SnapshotPage page) {
        if (page.rows().stream().allMatch(SnapshotInfo::encrypted)) {
            return Optional.empty();
        }
        return backups.catalog().list(user.actor(), t.id()).stream().filter(Snapshot::encrypted).map(Snapshot::createdAt)
                .min(Comparator.naturalOrder());
    }

    private static Map<String, Object> row(Tenant t, Snapshot s, String note) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", s.fileName());
        r.put("label", s.label().label());
        r.put("createdAt", s.createdAt().toString());
        r.put("when", Formats.when(s.createdAt(), t.zone()));
        r.put("sizeBytes", s.sizeBytes());
        r.put("size", Formats.size(s.sizeBytes()));
        r.put("encrypted", s.encrypted());
        r.put("warning", s.encrypted() ? null : PLAINTEXT_WARNING);
        r.put("pinned", s.pinned());
        r.put("note", note);
        return r;
    }

    /** Scheduled backups have no note; a missing manifest (old archives) shows none rather than failing the list. */
    private String noteOf(WebUser user, Tenant t, Snapshot s) {
        if (s.label().scheduled()) {
            return "";
        }
        String cacheKey = t.id() + "/" + s.fileName();
        String cached = notes.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        try {
            String note = backups.catalog().inspect(user.actor(), t.id(), s.fileName()).manifest()
                    .map(SnapshotManifest::note).orElse("");
            notes.put(cacheKey, note);
            return note;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "No note for " + s.fileName() + ": " + e);
            return "";
        }
    }

    Map<String, Object> startBackup(WebUser user, Optional<String> note) {
        Tenant t = tenant(user);
        require(user, Permission.CREATE, "start a backup");
        String n = note.map(String::strip).orElse("");
        if (n.length() > MAX_NOTE_CHARS) {
            throw new WebError(400, "note_too_long", "The note is " + n.length() + " characters long; keep it under "
                    + MAX_NOTE_CHARS + ".");
        }
        BackupJob job = backups.backupNow(user.actor(), t.id(), n);
        String id = jobs.newId();
        Jobs.Job tracked = jobs.add(id, t.id(), "backup", () -> backupView(id, t, job, n));
        job.completion().whenComplete((r, x) -> {
            if (r != null) {
                notes.put(t.id() + "/" + r.snapshot().fileName(), r.note());
            }
            jobs.finished(tracked);
        });
        return Map.of("jobId", id);
    }

    private Map<String, Object> backupView(String id, Tenant t, BackupJob job, String ownNote) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("kind", "backup");
        // Two Backup Nows at once make one backup: the second caller joined the first one's job, whose
        // note and snapshot are the first caller's. Say so, and what happened to this caller's note.
        v.put("joined", job.joined());
        if (job.joined()) {
            v.put("startedBy", job.startedBy().displayName());
            v.put("yourNote", ownNote);
            v.put("joinedMessage", "A backup started by " + job.startedBy().displayName() + " a moment ago is already running;"
                    + " this backup is theirs." + (ownNote.isEmpty() ? "" : " Your note was not saved with it: start another"
                    + " backup when it is done if you need one with your note."));
        }
        v.put("state", job.state().name().toLowerCase(Locale.ROOT));
        v.put("bytes", job.bytesProcessed());
        v.put("documents", job.documentsProcessed());
        Optional<BackupResult> result = job.result();
        v.put("snapshot", result.map(r -> row(t, r.snapshot(), r.note())).orElse(null));
        v.put("error", job.failure().map(f -> Errors.map(f).json().get("error")).orElse(null));
        return v;
    }

    Map<String, Object> preview(WebUser user, String file) {
        Tenant t = tenant(user);
        require(user, Permission.RESTORE, "restore a backup");
        RestorePreview p = backups.restores().prepare(user.actor(), t.id(), file);
        Map<String, Object> out = new LinkedHashMap<>(row(t, p.snapshot(), noteOf(user, t, p.snapshot())));
        out.put("workspaceName", p.workspaceName());
        out.put("destructiveWarning", p.onlyCollections().isPresent()
                ? "This backup holds only some of the workspace's data (it was taken before a restore of part of it), so it"
                        + " can only be restored with \u201cOnly some data\u201d."
                : "Restoring replaces all current data of the workspace " + p.workspaceName()
                        + " with this backup. Its users cannot work while it runs. The current data is saved first as a safety"
                        + " backup, which appears in the list as pre-restore.");
        out.put("onlyCollections", p.onlyCollections().orElse(null));
        // How far the archive's origin can be proven: the dialog asks for an explicit acceptance of
        // "needs_override" and offers no restore at all for "refused". The library's own note names its
        // API; the dialog says the same in an administrator's words.
        String origin = p.origin().name().toLowerCase(Locale.ROOT);
        out.put("origin", origin);
        out.put("originNote", ORIGIN_NOTES.get(origin));
        // Without the key an encrypted archive cannot be read: say so now, not at the last step.
        boolean keyMissing = p.snapshot().encrypted() && !backups.status(user.actor(), t.id()).keyConfigured();
        out.put("keyMissing", keyMissing);
        out.put("keyNote", keyMissing ? Errors.KEY_MISSING : null);
        return out;
    }

    static final Map<String, String> ORIGIN_NOTES = Map.of(
            "verified", "Encrypted: its contents are checked against tampering while it is restored.",
            "legacy_plaintext", "This backup was made before this workspace's backups were encrypted. It is not encrypted,"
                    + " so nobody can prove it was not changed in the backup storage. It can be restored; the restore is recorded.",
            "needs_override", "Warning: this backup is not encrypted, yet it is newer than this workspace's first encrypted"
                    + " backup. The backup service never makes such a backup, so someone with access to the backup storage may"
                    + " have put it there. Restore it only if you know where it came from.",
            "refused", "This backup is not encrypted, and this server does not restore unencrypted backups. Ask your"
                    + " infrastructure team to convert it.");

    Map<String, Object> startRestore(WebUser user, String file, String typedName, boolean acceptUnverifiedOrigin) {
        Tenant t = tenant(user);
        require(user, Permission.RESTORE, "restore a backup");
        requireTypedName(t, typedName);
        Snapshot target = snapshot(user, t, file);
        RestoreRequest exact = new RestoreRequest(t.id(), file, typedName);
        RestoreRequest request = acceptUnverifiedOrigin ? exact.acceptingUnverifiedOrigin() : exact;
        return startRestoreJob(user, t, target, UNCHANGED, () -> {
            RestoreResult r = backups.restores().restore(user.actor(), request);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("restoredFrom", r.restoredFrom().fileName());
            o.put("safetyBackup", r.safetySnapshot().fileName());
            o.put("documents", r.documents());
            o.put("seconds", r.duration().toMillis() / 1000.0);
            return o;
        });
    }

    /** Checked here as well as in the library: the browser's disabled button is a convenience, never a guard. */
    static void requireTypedName(Tenant t, String typedName) {
        if (!typedName.equals(t.workspaceName())) {
            throw new WebError(422, "confirmation_mismatch", "The typed name does not match the workspace name exactly"
                    + " (letter case and spaces count). Nothing was restored.");
        }
    }

    Snapshot snapshot(WebUser user, Tenant t, String file) {
        return backups.catalog().find(user.actor(), t.id(), file).orElseThrow(() -> new WebError(404,
                "snapshot_not_found", "That backup does not exist (any more). Reload the list and pick one from it."));
    }

    /**
     * Runs a restore of any scope (whole, chosen collections, chosen documents) as a background job the
     * dialog follows the same way: its phases from the tracker, its outcome as {@code work} words it, a
     * failure as a fixed sentence.
     *
     * @param onFailure what a failed job says of the workspace's data (a sentence of the library's promise for the scope)
     * @param work the library call; returns the job's {@code result}
     * @return the job id, for a 202 answer
     */
    Map<String, Object> startRestoreJob(WebUser user, Tenant t, Snapshot target, String onFailure,
            Supplier<Map<String, Object>> work) {
        // No key check through backups.status here: it reads the database, and with the database down that read
        // alone would cost a whole server selection before the restore's own. Without a key the library refuses an
        // encrypted archive at once, before the lock and the database; the job then asks why (below).
        String id = jobs.newId();
        AtomicReference<String> state = new AtomicReference<>("queued");
        AtomicReference<Map<String, Object>> outcome = new AtomicReference<>();
        AtomicReference<Object> error = new AtomicReference<>();
        progress.ifPresent(p -> p.reset(t.id()));
        Jobs.Job tracked = jobs.add(id, t.id(), "restore", () -> restoreView(id, t, state.get(), outcome.get(), error.get(),
                onFailure));
        try {
            restoreWorkers.execute(() -> {
                state.set("running");
                try {
                    outcome.set(work.get());
                    state.set("succeeded");
                } catch (RuntimeException | Error x) {
                    // An encrypted archive fails its check when the key is missing: say key_missing, not "damaged".
                    boolean keyMissing = x instanceof com.daaisuite.backup.IntegrityException && target.encrypted()
                            && !keyConfigured(user, t);
                    error.set(keyMissing ? Errors.map(new WebError(503, "key_missing", Errors.KEY_MISSING)).json().get("error")
                            : Errors.map(x).json().get("error"));
                    state.set("failed");
                } finally {
                    jobs.finished(tracked);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new WebError(503, "closed", "The backup screen is shutting down; the restore was not started.");
        }
        return Map.of("jobId", id);
    }

    private boolean keyConfigured(WebUser user, Tenant t) {
        try {
            return backups.status(user.actor(), t.id()).keyConfigured();
        } catch (RuntimeException x) {
            return true; // cannot tell: the original failure stands
        }
    }

    /** What a failed whole or collections restore says: the library swaps back every collection it had set aside. */
    static final String UNCHANGED = "The workspace's data was not changed.";

    private Map<String, Object> restoreView(String id, Tenant t, String state, Map<String, Object> outcome, Object error,
            String onFailure) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("kind", "restore");
        v.put("state", state);
        Optional<RestoreProgress.State> p = progress.flatMap(r -> r.state(t.id()));
        String phase = p.map(s -> s.phase().name().toLowerCase(Locale.ROOT)).orElse("running".equals(state) ? "restoring" : state);
        boolean failed = "failed".equals(state);
        v.put("phase", "succeeded".equals(state) ? "finished" : failed ? "failed" : phase);
        if (failed) {
            // Which step stopped it; every failure of the library's restore leaves the live data as it was.
            v.put("failedAt", p.map(s -> s.reached().name().toLowerCase(Locale.ROOT)).orElse("starting"));
            v.put("changed", onFailure);
        }
        v.put("documents", p.map(RestoreProgress.State::documents).orElse(0L));
        v.put("result", outcome);
        v.put("error", error);
        return v;
    }

    Map<String, Object> job(WebUser user, String id) {
        Tenant t = tenant(user);
        require(user, Permission.VIEW, "see the backups");
        return jobs.find(id, t.id()).map(j -> j.view.get()).orElseThrow(() -> new WebError(404, "job_not_found",
                "No such job in this workspace. Jobs are kept for an hour after they finish."));
    }

    static void require(WebUser user, Permission p, String what) {
        if (!user.may(p)) {
            throw new WebError(403, "permission_denied", "You may not " + what + " in this workspace: the "
                    + p.name() + " permission is missing. Ask a workspace administrator.");
        }
    }
}
