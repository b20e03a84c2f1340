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
import com.daaisuite.backup.core.SnapshotManifest;
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

/**
 * What the Database Backups screen shows and does, as JSON-ready maps. The only class of this module
 * that calls the library, and only through its public API; HTTP concerns (routing, CSRF, status codes)
 * live in {@link BackupsWeb}.
 */
final class Screen {
    private static final System.Logger LOG = System.getLogger(Screen.class.getName());
    static final int MAX_NOTE_CHARS = 200;
    static final String PLAINTEXT_WARNING = "Legacy plaintext archive: it is not encrypted, so anyone who can read the"
            + " backup storage can read this data. New backups are encrypted; delete this one when it is no longer needed.";

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
        key.put("problem", s.keyProblem().map(Errors::scrub).orElse(null));
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
        out.put("lastFailure", s.lastFailure().map(Errors::scrub).orElse(null));
        out.put("running", s.running());
        // The last restore drill, for a "proven restorable on …" mark on the row of out.lastDrill.file.
        out.put("lastDrill", s.lastDrill().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", d.fileName());
            m.put("passed", d.passed());
            m.put("at", d.startedAt().toString());
            m.put("when", Formats.when(d.startedAt(), t.zone()));
            m.put("reason", d.reason().map(Errors::scrub).orElse(null));
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

    Map<String, Object> snapshots(WebUser user) {
        Tenant t = tenant(user);
        require(user, Permission.VIEW, "see the backups");
        List<Snapshot> list = new ArrayList<>(backups.catalog().list(user.actor(), t.id()));
        list.sort(Comparator.comparing(Snapshot::createdAt).thenComparing(Snapshot::fileName).reversed());
        List<Object> rows = new ArrayList<>();
        for (Snapshot s : list) {
            rows.add(row(t, s, noteOf(user, t, s)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zone", t.zone().getId());
        out.put("snapshots", rows);
        if (list.isEmpty()) {
            var next = backups.nextDue(user.actor(), t.id());
            out.put("firstAutomatedBackup", next.isAfter(clock.instant()) ? "on " + Formats.when(next, t.zone())
                    : "at the scheduler's next run");
        }
        return out;
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
        Jobs.Job tracked = jobs.add(id, t.id(), "backup", () -> backupView(id, t, job));
        job.completion().whenComplete((r, x) -> {
            if (r != null) {
                notes.put(t.id() + "/" + r.snapshot().fileName(), r.note());
            }
            jobs.finished(tracked);
        });
        return Map.of("jobId", id);
    }

    private Map<String, Object> backupView(String id, Tenant t, BackupJob job) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("kind", "backup");
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
        out.put("when", Formats.when(p.snapshot().createdAt(), t.zone()));
        out.put("workspaceName", p.workspaceName());
        out.put("destructiveWarning", p.warning());
        // How far the archive's origin can be proven: the dialog asks for an explicit acceptance of
        // "needs_override" and offers no restore at all for "refused".
        out.put("origin", p.origin().name().toLowerCase(Locale.ROOT));
        out.put("originNote", p.originNote());
        return out;
    }

    Map<String, Object> startRestore(WebUser user, String file, String typedName, boolean acceptUnverifiedOrigin) {
        Tenant t = tenant(user);
        require(user, Permission.RESTORE, "restore a backup");
        // Checked here as well as in the library: the browser's disabled button is a convenience, never a guard.
        if (!typedName.equals(t.workspaceName())) {
            throw new WebError(422, "confirmation_mismatch", "The typed name does not match the workspace name exactly"
                    + " (letter case and spaces count). Nothing was restored.");
        }
        backups.catalog().find(user.actor(), t.id(), file).orElseThrow(() -> new WebError(404, "snapshot_not_found",
                "There is no backup named " + file + " in this workspace. Reload the list and pick one from it."));
        String id = jobs.newId();
        AtomicReference<String> state = new AtomicReference<>("queued");
        AtomicReference<Map<String, Object>> outcome = new AtomicReference<>();
        AtomicReference<Object> error = new AtomicReference<>();
        progress.ifPresent(p -> p.reset(t.id()));
        Jobs.Job tracked = jobs.add(id, t.id(), "restore", () -> restoreView(id, t, state.get(), outcome.get(), error.get()));
        RestoreRequest exact = new RestoreRequest(t.id(), file, typedName);
        RestoreRequest request = acceptUnverifiedOrigin ? exact.acceptingUnverifiedOrigin() : exact;
        try {
            restoreWorkers.execute(() -> {
                state.set("running");
                try {
                    RestoreResult r = backups.restores().restore(user.actor(), request);
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("restoredFrom", r.restoredFrom().fileName());
                    o.put("safetyBackup", r.safetySnapshot().fileName());
                    o.put("documents", r.documents());
                    o.put("seconds", r.duration().toMillis() / 1000.0);
                    outcome.set(o);
                    state.set("succeeded");
                } catch (RuntimeException | Error x) {
                    error.set(Errors.map(x).json().get("error"));
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

    private Map<String, Object> restoreView(String id, Tenant t, String state, Map<String, Object> outcome, Object error) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("kind", "restore");
        v.put("state", state);
        Optional<RestoreProgress.State> p = progress.flatMap(r -> r.state(t.id()));
        String phase = p.map(s -> s.phase().name().toLowerCase(Locale.ROOT)).orElse("running".equals(state) ? "restoring" : state);
        v.put("phase", "succeeded".equals(state) || "failed".equals(state) ? "finished" : phase);
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

    private static void require(WebUser user, Permission p, String what) {
        if (!user.may(p)) {
            throw new WebError(403, "permission_denied", "You may not " + what + " in this workspace: the "
                    + p.name() + " permission is missing. Ask a workspace administrator.");
        }
    }
}
