package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupJob;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupService;
import com.daaisuite.backup.core.BackupStatus;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.FrequencyNotAllowedException;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.PermissionDeniedException;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.TenantSuspendedException;
import com.daaisuite.backup.crypto.MasterKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Backup Now, synchronous backups, the scheduler tick and the status line. */
final class DefaultBackupService implements BackupService {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultBackupService.class);
    private static final int MAX_NOTE = 500;

    private final BackupsEngine e;
    private final Map<String, DefaultBackupJob> jobs = new HashMap<>();
    private final Map<String, Instant> reported = new java.util.concurrent.ConcurrentHashMap<>();

    DefaultBackupService(BackupsEngine engine) {
        this.e = engine;
    }

    @Override
    public BackupJob backupNow(Actor actor, String tenantId, String note) {
        java.util.Objects.requireNonNull(actor, "actor");
        Tenant t = e.tenant(tenantId);
        if (!e.access.allows(actor, Permission.CREATE, t)) {
            PermissionDeniedException x = new PermissionDeniedException(actor.id() + " may not back up tenant " + t.id()
                    + ": the CREATE permission is missing. Nothing was changed; ask an administrator for the permission.");
            e.events.simple(BackupEvent.Type.BACKUP_REFUSED, t.id(), actor, null, "permission CREATE denied", x);
            throw x;
        }
        requireActive(t, actor);
        e.requireKey(t, actor, BackupEvent.Type.BACKUP_REFUSED);
        e.checkQuota(t, actor, e.list(t.id()), BackupEvent.Type.BACKUP_REFUSED);
        String cleanNote = cleanNote(note);
        DefaultBackupJob job;
        synchronized (jobs) {
            DefaultBackupJob running = jobs.get(t.id());
            if (running != null && !running.finished()) {
                LOG.info("Backup Now for tenant {} by {} joined the backup already running", t.id(), actor.id());
                return running;
            }
            job = new DefaultBackupJob(t.id());
            jobs.put(t.id(), job);
        }
        DefaultBackupJob j = job;
        try {
            e.workers.execute(() -> runJob(j, t, actor, cleanNote));
        } catch (RejectedExecutionException rejected) {
            synchronized (jobs) {
                jobs.remove(t.id(), j);
            }
            throw new IllegalStateException("Backups is closed; Backup Now for tenant " + t.id() + " was not started", rejected);
        }
        return job;
    }

    private void runJob(DefaultBackupJob job, Tenant t, Actor actor, String note) {
        job.running();
        BackupResult result = null;
        BackupException failure = null;
        Error fatal = null;
        try {
            Optional<LeaseKeeper> lease = e.tryLock(t.id(), "backup-now");
            if (lease.isEmpty()) {
                failure = e.busy(t.id(), "back up");
                e.events.simple(BackupEvent.Type.BACKUP_REFUSED, t.id(), actor, null, "the tenant's lock is held", failure);
            } else {
                try (LeaseKeeper keeper = lease.get()) {
                    result = e.backupLocked(t, BackupTrigger.MANUAL, actor, note, keeper, job::progress);
                    e.retentionAfterBackup(t);
                }
            }
        } catch (BackupException x) {
            failure = x;
        } catch (RuntimeException | Error x) {
            failure = new SourceException("Backup Now of tenant " + t.id() + " failed unexpectedly: " + x
                    + ". Nothing was stored.", x);
            if (x instanceof Error err) {
                fatal = err;
            }
        } finally {
            synchronized (jobs) {
                jobs.remove(t.id(), job);
            }
        }
        // Completed only now, with the lock released and the job no longer joinable: a caller whose
        // await() returns can restore or prune the tenant at once without meeting this job's lock.
        if (failure != null) {
            job.fail(failure);
        } else {
            job.succeed(result);
        }
        if (fatal != null) {
            throw fatal;
        }
    }

    private static String cleanNote(String note) {
        if (note == null || note.isBlank()) {
            return "";
        }
        // Notes are shown on screens and kept in manifests: no control characters, bounded length.
        String s = note.strip().replaceAll("\\p{Cntrl}", " ");
        return s.length() > MAX_NOTE ? s.substring(0, MAX_NOTE) : s;
    }

    private void requireActive(Tenant t, Actor actor) {
        if (!t.active()) {
            TenantSuspendedException x = new TenantSuspendedException("Tenant " + t.id()
                    + " is suspended, so no backup was taken. Reactivate the workspace first.");
            e.events.simple(BackupEvent.Type.BACKUP_REFUSED, t.id(), actor, null, "the tenant is suspended", x);
            throw x;
        }
    }

    private void requireFrequencyAllowed(Tenant t, Actor actor) {
        if (t.frequency().sandboxOnly() && !t.sandbox()) {
            FrequencyNotAllowedException x = frequencyNotAllowed(t);
            e.events.simple(BackupEvent.Type.BACKUP_REFUSED, t.id(), actor, null, "frequency daily is for sandboxes only", x);
            throw x;
        }
    }

    private static FrequencyNotAllowedException frequencyNotAllowed(Tenant t) {
        return new FrequencyNotAllowedException("Tenant " + t.id() + " is scheduled '" + t.frequency().label()
                + "', which is allowed for sandbox workspaces only; no scheduled backup was taken. "
                + "Choose 24-hour or a longer frequency for this workspace.");
    }

    @Override
    public BackupResult backup(String tenantId, BackupTrigger trigger) {
        java.util.Objects.requireNonNull(trigger, "trigger");
        Tenant t = e.tenant(tenantId);
        Actor actor = Actor.system(trigger == BackupTrigger.SCHEDULED ? "scheduler" : "host");
        if (trigger == BackupTrigger.SCHEDULED) {
            requireFrequencyAllowed(t, actor);
        }
        requireActive(t, actor);
        Optional<LeaseKeeper> lease = e.tryLock(t.id(), "backup");
        if (lease.isEmpty()) {
            BackupException x = e.busy(t.id(), "back up");
            e.events.simple(BackupEvent.Type.BACKUP_REFUSED, t.id(), actor, null, "the tenant's lock is held", x);
            throw x;
        }
        try (LeaseKeeper keeper = lease.get()) {
            BackupResult r = e.backupLocked(t, trigger, actor, "", keeper, null);
            e.retentionAfterBackup(t);
            return r;
        }
    }

    @Override
    public List<ScheduledOutcome> runDue(Instant now) {
        java.util.Objects.requireNonNull(now, "now");
        Actor actor = Actor.system("scheduler");
        List<ScheduledOutcome> outcomes = new ArrayList<>();
        List<Future<Optional<ScheduledOutcome>>> futures = new ArrayList<>();
        for (Tenant t : e.tenants.all()) {
            Instant due;
            try {
                due = nextDue(t, e.list(t.id()), now);
            } catch (BackupException x) {
                outcomes.add(new ScheduledOutcome(t.id(), ScheduledOutcome.Outcome.FAILED, Optional.empty(), x.getMessage()));
                continue;
            }
            if (now.isBefore(due)) {
                continue;
            }
            if (!t.active()) {
                if (firstReport(t.id(), due)) {
                    e.events.simple(BackupEvent.Type.BACKUP_SKIPPED, t.id(), actor, null, "the tenant is suspended", null);
                }
                outcomes.add(new ScheduledOutcome(t.id(), ScheduledOutcome.Outcome.SKIPPED_SUSPENDED, Optional.empty(),
                        "tenant " + t.id() + " is suspended"));
                continue;
            }
            if (t.frequency().sandboxOnly() && !t.sandbox()) {
                FrequencyNotAllowedException x = frequencyNotAllowed(t);
                if (firstReport(t.id(), due)) {
                    e.events.simple(BackupEvent.Type.BACKUP_REFUSED, t.id(), actor, null, "frequency daily is for sandboxes only", x);
                }
                outcomes.add(new ScheduledOutcome(t.id(), ScheduledOutcome.Outcome.FAILED, Optional.empty(), x.getMessage()));
                continue;
            }
            try {
                futures.add(e.workers.submit(() -> runScheduled(t, now, actor)));
            } catch (RejectedExecutionException closed) {
                outcomes.add(new ScheduledOutcome(t.id(), ScheduledOutcome.Outcome.FAILED, Optional.empty(), "Backups is closed"));
            }
        }
        for (Future<Optional<ScheduledOutcome>> f : futures) {
            try {
                f.get().ifPresent(outcomes::add);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for scheduled backups", x);
            } catch (ExecutionException x) {
                LOG.error("A scheduled backup failed unexpectedly", x.getCause());
            }
        }
        return outcomes;
    }

    /**
     * A suspended or misconfigured tenant stays due at every tick; report it once per due window on
     * this node rather than flooding the audit trail (the outcome is still returned every tick).
     */
    private boolean firstReport(String tenantId, Instant due) {
        return !due.equals(reported.put(tenantId, due));
    }

    private Optional<ScheduledOutcome> runScheduled(Tenant t, Instant now, Actor actor) {
        try {
            Optional<LeaseKeeper> lease = e.tryLock(t.id(), "scheduled");
            if (lease.isEmpty()) {
                e.events.simple(BackupEvent.Type.BACKUP_SKIPPED, t.id(), actor, null,
                        "the tenant's lock is held by another node or operation", null);
                return Optional.of(new ScheduledOutcome(t.id(), ScheduledOutcome.Outcome.SKIPPED_LOCKED, Optional.empty(),
                        "the lock of tenant " + t.id() + " is held by another node or operation"));
            }
            try (LeaseKeeper keeper = lease.get()) {
                // Another node may have finished this window while we waited for the lock.
                if (now.isBefore(nextDue(t, e.list(t.id()), now))) {
                    return Optional.empty();
                }
                BackupResult r = e.backupLocked(t, BackupTrigger.SCHEDULED, actor, "", keeper, null);
                e.retentionAfterBackup(t);
                return Optional.of(new ScheduledOutcome(t.id(), ScheduledOutcome.Outcome.BACKED_UP, Optional.of(r),
                        "backed up to " + r.snapshot().fileName()));
            }
        } catch (BackupException x) {
            return Optional.of(new ScheduledOutcome(t.id(), ScheduledOutcome.Outcome.FAILED, Optional.empty(), x.getMessage()));
        } catch (RuntimeException x) {
            LOG.error("Scheduled backup of tenant {} failed unexpectedly", t.id(), x);
            return Optional.of(new ScheduledOutcome(t.id(), ScheduledOutcome.Outcome.FAILED, Optional.empty(), x.toString()));
        }
    }

    private static Instant nextDue(Tenant t, BackupsEngine.Listing l, Instant now) {
        return Schedules.nextDue(t.frequency(), t.zone(), Schedules.lastScheduled(l.snapshots()), now);
    }

    @Override
    public BackupStatus status(String tenantId) {
        Tenant t = e.tenant(tenantId);
        boolean configured;
        Optional<String> problem;
        try {
            Optional<MasterKey> k = e.keys.currentKey();
            configured = k.isPresent();
            problem = configured ? Optional.empty() : Optional.of(e.settings.allowPlaintext()
                    ? "No encryption key is configured: new backups are written as plaintext .gz. Set BACKUP_ENCRYPTION_KEY to encrypt them."
                    : "No encryption key is configured: new backups will fail. Set BACKUP_ENCRYPTION_KEY (generate one with: openssl rand -base64 32).");
        } catch (BackupException x) {
            configured = false;
            problem = Optional.of("The encryption key is not usable: " + x.getMessage());
        }
        BackupsEngine.Listing l = e.list(t.id());
        boolean running = e.running.containsKey(t.id());
        synchronized (jobs) {
            DefaultBackupJob j = jobs.get(t.id());
            running |= j != null && !j.finished();
        }
        return new BackupStatus(t.id(), configured, problem, l.newest(), nextDue(t, l, e.clock.instant()),
                Optional.ofNullable(e.lastFailure.get(t.id())), running);
    }

    @Override
    public Instant nextDue(String tenantId) {
        Tenant t = e.tenant(tenantId);
        return nextDue(t, e.list(t.id()), e.clock.instant());
    }
}
