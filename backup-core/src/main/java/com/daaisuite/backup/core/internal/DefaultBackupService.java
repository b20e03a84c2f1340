package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.BackupJob;
import com.daaisuite.backup.core.BackupResult;
import com.daaisuite.backup.core.BackupService;
import com.daaisuite.backup.core.BackupStatus;
import com.daaisuite.backup.core.BackupTooSoonException;
import com.daaisuite.backup.core.BackupTrigger;
import com.daaisuite.backup.core.FrequencyNotAllowedException;
import com.daaisuite.backup.core.InvalidNoteException;
import com.daaisuite.backup.core.Permission;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.Snapshot;
import com.daaisuite.backup.core.SnapshotLabel;
import com.daaisuite.backup.core.SnapshotManifest;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.TenantDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup Now (a joinable job per tenant), synchronous backups, the scheduler tick and the status
 * line. Each backup takes the tenant's lock and runs the {@link BackupPipeline}, then retention.
 */
public final class DefaultBackupService implements BackupService {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultBackupService.class);

    private final TenantDirectory tenants;
    private final Guards guards;
    private final TenantFolders folders;
    private final TenantLocks locks;
    private final BackupPipeline pipeline;
    private final Pruner pruner;
    private final Events events;
    private final TenantActivity activity;
    private final ExecutorService workers;
    private final Clock clock;
    private final Manifests manifests;
    private final Actor systemActor;
    private final InterruptedRestores recoveries;
    private final Map<String, DefaultBackupJob> jobs = new HashMap<>();
    private final java.time.Duration backupNowMinInterval;
    private final Map<String, Instant> reported = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param tenants every tenant, for the scheduler tick
     * @param guards the checks before a backup
     * @param folders the tenant's snapshots (what is due)
     * @param locks the tenant's lock
     * @param pipeline the backup itself
     * @param pruner retention after each backup
     * @param events where refusals and skips go
     * @param activity the status line's live facts
     * @param pools whose workers run Backup Now and scheduled backups
     * @param clock "now" for the status line
     * @param systemActor who scheduled work runs as (the host names it)
     * @param recoveries finishes an interrupted restore before anything else is done to the tenant
     * @param manifests the newest snapshot's manifest, for the status line's consistency notice
     */
    public DefaultBackupService(TenantDirectory tenants, Guards guards, TenantFolders folders, TenantLocks locks,
            BackupPipeline pipeline, Pruner pruner, Events events, TenantActivity activity, EnginePools pools, Clock clock,
            Actor systemActor, InterruptedRestores recoveries, Manifests manifests) {
        this.tenants = tenants;
        this.guards = guards;
        this.folders = folders;
        this.locks = locks;
        this.pipeline = pipeline;
        this.pruner = pruner;
        this.events = events;
        this.activity = activity;
        this.workers = pools.workers();
        this.backupNowMinInterval = pools.settings().backupNowMinInterval();
        this.clock = clock;
        this.systemActor = systemActor;
        this.recoveries = recoveries;
        this.manifests = manifests;
    }

    @Override
    public BackupJob backupNow(Actor actor, String tenantId, String note) {
        java.util.Objects.requireNonNull(actor, "actor");
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.CREATE, t, "back up", null);
        guards.requireActive(t, actor);
        guards.requireKey(t, actor, BackupEvent.Type.BACKUP_REFUSED);
        TenantFolders.Listing listing = folders.list(t.id());
        guards.checkQuota(t, actor, listing, BackupEvent.Type.BACKUP_REFUSED);
        String cleanNote = cleanNote(note);
        DefaultBackupJob job;
        synchronized (jobs) {
            DefaultBackupJob running = jobs.get(t.id());
            if (running != null && !running.finished()) {
                LOG.info("Backup Now for tenant {} by {} joined the backup {} started", t.id(), actor.id(),
                        running.startedBy().id());
                return running.joinedView();
            }
            requireMinInterval(t, actor, listing);
            job = new DefaultBackupJob(t.id(), actor, cleanNote);
            jobs.put(t.id(), job);
        }
        DefaultBackupJob j = job;
        try {
            workers.execute(() -> runJob(j, t, actor, cleanNote));
        } catch (RejectedExecutionException rejected) {
            synchronized (jobs) {
                jobs.remove(t.id(), j);
            }
            throw Lifecycle.closedException("Backup Now of tenant " + t.id());
        }
        return job;
    }

    /**
     * Backup Now is cheap to ask for and expensive to run: the host's minimum interval is measured from
     * the newest manual snapshot in storage, so it holds across nodes and processes.
     */
    private void requireMinInterval(Tenant t, Actor actor, TenantFolders.Listing listing) {
        if (backupNowMinInterval.isZero()) {
            return;
        }
        Instant now = clock.instant();
        Optional<Instant> last = listing.snapshots().stream().filter(s -> s.label() == SnapshotLabel.MANUAL)
                .map(Snapshot::createdAt).max(java.util.Comparator.naturalOrder());
        if (last.isEmpty()) {
            return;
        }
        java.time.Duration since = java.time.Duration.between(last.get(), now);
        if (since.compareTo(backupNowMinInterval) >= 0) {
            return;
        }
        java.time.Duration wait = backupNowMinInterval.minus(since.isNegative() ? java.time.Duration.ZERO : since);
        BackupTooSoonException x = new BackupTooSoonException("Backup Now of tenant " + t.id() + " refused: the previous one"
                + " started " + Math.max(0, since.toSeconds()) + " s ago and this host allows one every "
                + backupNowMinInterval.toSeconds() + " s (Backups.Builder.backupNowMinInterval). Try again in "
                + Math.max(1, (wait.toMillis() + 999) / 1000) + " s.", since.isNegative() ? java.time.Duration.ZERO : since, wait);
        events.simple(BackupEvent.Type.BACKUP_REFUSED, t.id(), actor, null, "Backup Now within the minimum interval", x);
        throw x;
    }

    private void runJob(DefaultBackupJob job, Tenant t, Actor actor, String note) {
        job.running();
        BackupResult result = null;
        BackupException failure = null;
        Error fatal = null;
        try {
            Optional<LeaseKeeper> lease = locks.tryLock(t.id(), "backup-now");
            if (lease.isEmpty()) {
                failure = TenantLocks.busy(t.id(), "back up");
                events.simple(BackupEvent.Type.BACKUP_REFUSED, t.id(), actor, null, "the tenant's lock is held", failure);
            } else {
                try (LeaseKeeper keeper = lease.get()) {
                    recoveries.recoverIfNeeded(t, actor);
                    result = pipeline.backupLocked(t, BackupTrigger.MANUAL, actor, note, keeper, job::progress);
                    pruner.afterBackup(t);
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
        // Notes are shown on screens and kept in manifests: no control characters, bounded length,
        // refused whole rather than silently cut.
        String s = note.strip().replaceAll("\\p{Cntrl}", " ");
        if (s.length() > MAX_NOTE_LENGTH) {
            throw new InvalidNoteException("The note has " + s.length() + " characters; a Backup Now note may have at most "
                    + MAX_NOTE_LENGTH + ". Nothing was started; shorten the note and try again.");
        }
        return s;
    }

    @Override
    public BackupResult backup(Actor actor, String tenantId, BackupTrigger trigger) {
        java.util.Objects.requireNonNull(actor, "actor");
        java.util.Objects.requireNonNull(trigger, "trigger");
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.CREATE, t, "back up", null);
        if (trigger == BackupTrigger.SCHEDULED) {
            guards.requireFrequencyAllowed(t, actor);
        }
        guards.requireActive(t, actor);
        Optional<LeaseKeeper> lease = locks.tryLock(t.id(), "backup");
        if (lease.isEmpty()) {
            BackupException x = TenantLocks.busy(t.id(), "back up");
            events.simple(BackupEvent.Type.BACKUP_REFUSED, t.id(), actor, null, "the tenant's lock is held", x);
            throw x;
        }
        try (LeaseKeeper keeper = lease.get()) {
            recoveries.recoverIfNeeded(t, actor);
            BackupResult r = pipeline.backupLocked(t, trigger, actor, "", keeper, null);
            pruner.afterBackup(t);
            return r;
        }
    }

    @Override
    public List<ScheduledOutcome> runDue(Instant now) {
        java.util.Objects.requireNonNull(now, "now");
        Actor actor = systemActor;
        List<ScheduledOutcome> outcomes = new ArrayList<>();
        List<Future<Optional<ScheduledOutcome>>> futures = new ArrayList<>();
        for (Tenant t : tenants.all()) {
            Instant due;
            try {
                due = nextDue(t, folders.list(t.id()), now);
            } catch (BackupException x) {
                outcomes.add(new ScheduledOutcome(t.id(), ScheduledOutcome.Outcome.FAILED, Optional.empty(), x.getMessage()));
                continue;
            }
            if (now.isBefore(due)) {
                continue;
            }
            if (!t.active()) {
                if (firstReport(t.id(), due)) {
                    events.simple(BackupEvent.Type.BACKUP_SKIPPED, t.id(), actor, null, "the tenant is suspended", null);
                }
                outcomes.add(new ScheduledOutcome(t.id(), ScheduledOutcome.Outcome.SKIPPED_SUSPENDED, Optional.empty(),
                        "tenant " + t.id() + " is suspended"));
                continue;
            }
            if (!Guards.frequencyAllowed(t)) {
                FrequencyNotAllowedException x = Guards.frequencyNotAllowed(t);
                if (firstReport(t.id(), due)) {
                    events.simple(BackupEvent.Type.BACKUP_REFUSED, t.id(), actor, null, Guards.FREQUENCY_REFUSAL, x);
                }
                outcomes.add(new ScheduledOutcome(t.id(), ScheduledOutcome.Outcome.FAILED, Optional.empty(), x.getMessage()));
                continue;
            }
            try {
                futures.add(workers.submit(() -> runScheduled(t, now, actor)));
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
            Optional<LeaseKeeper> lease = locks.tryLock(t.id(), "scheduled");
            if (lease.isEmpty()) {
                events.simple(BackupEvent.Type.BACKUP_SKIPPED, t.id(), actor, null,
                        "the tenant's lock is held by another node or operation", null);
                return Optional.of(new ScheduledOutcome(t.id(), ScheduledOutcome.Outcome.SKIPPED_LOCKED, Optional.empty(),
                        "the lock of tenant " + t.id() + " is held by another node or operation"));
            }
            try (LeaseKeeper keeper = lease.get()) {
                // A backup of a database left mid-swap would capture a mix: finish the restore first.
                recoveries.recoverIfNeeded(t, actor);
                // Another node may have finished this window while we waited for the lock.
                if (now.isBefore(nextDue(t, folders.list(t.id()), now))) {
                    return Optional.empty();
                }
                // Named, recorded and pruned for the tick's now, not the clock: a second call with the same
                // now then finds this period taken (the idempotence runDue promises).
                BackupResult r = pipeline.backupLocked(t, BackupTrigger.SCHEDULED, actor, "", keeper, null, now);
                pruner.afterBackup(t, now);
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

    private static Instant nextDue(Tenant t, TenantFolders.Listing l, Instant now) {
        return Schedules.nextDue(t.frequency(), t.zone(), Schedules.lastScheduled(l.snapshots()), now);
    }

    @Override
    public BackupStatus status(Actor actor, String tenantId) {
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.VIEW, t, "see the backup status of", null);
        recoverForStatus(t, actor);
        Optional<String> problem = guards.keyProblem();
        TenantFolders.Listing l = folders.list(t.id());
        boolean running = activity.running(t.id());
        synchronized (jobs) {
            DefaultBackupJob j = jobs.get(t.id());
            running |= j != null && !j.finished();
        }
        return new BackupStatus(t.id(), problem.isEmpty(), problem, l.newest(), nextDue(t, l, clock.instant()),
                activity.lastFailure(t.id()), running, recoveries.last(t.id()), consistencyNotice(l, t), t.zone(), t.active());
    }

    /**
     * The status screen is often the first thing opened after a crash: it finishes an interrupted restore
     * it finds, when the tenant's lock is free (a running operation recovers it itself). A failure is
     * reported in the status line, not thrown.
     */
    private void recoverForStatus(Tenant t, Actor actor) {
        try {
            if (recoveries.pending(t).isEmpty()) {
                return;
            }
            Optional<LeaseKeeper> lease = locks.tryLock(t.id(), "recover");
            if (lease.isPresent()) {
                try (LeaseKeeper keeper = lease.get()) {
                    recoveries.recoverIfNeeded(t, actor);
                }
            }
        } catch (RuntimeException x) {
            LOG.warn("Tenant {}: an interrupted restore could not be recovered while reading the status: {}", t.id(), x.toString());
            activity.failed(t.id(), x.getMessage());
        }
    }

    /** From the newest snapshot's manifest: one small read, and only that snapshot decides. */
    private Optional<String> consistencyNotice(TenantFolders.Listing l, Tenant t) {
        Optional<Snapshot> newest = l.newest();
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Optional<SnapshotManifest> m = manifests.read(l, t.id(), newest.get().fileName());
        if (m.isEmpty() || m.get().pointInTime()) {
            return Optional.empty();
        }
        return Optional.of(ConsistencyNotice.of(m.get().warnings()));
    }

    @Override
    public Instant nextDue(Actor actor, String tenantId) {
        Tenant t = guards.tenant(tenantId);
        guards.requirePermission(actor, Permission.VIEW, t, "see the backup schedule of", null);
        return nextDue(t, folders.list(t.id()), clock.instant());
    }
}
