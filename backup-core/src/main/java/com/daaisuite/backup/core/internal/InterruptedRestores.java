package com.daaisuite.backup.core.internal;

import com.daaisuite.backup.BackupException;
import com.daaisuite.backup.core.Actor;
import com.daaisuite.backup.core.BackupEvent;
import com.daaisuite.backup.core.RecoveryReport;
import com.daaisuite.backup.core.SourceException;
import com.daaisuite.backup.core.Tenant;
import com.daaisuite.backup.core.spi.DatabaseSource;
import com.daaisuite.backup.core.spi.JournalSeal;
import com.daaisuite.backup.core.spi.RestoreRecovery;
import com.daaisuite.backup.crypto.spi.KeyProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and finishes restores that were interrupted after they began to change a tenant's database
 * (see {@link DatabaseSource#recoverRestore}). Every operation on a tenant calls {@link #recoverIfNeeded}
 * under the tenant's lock before it does anything else; the workspace is in maintenance while recovery
 * runs, and stays there if recovery fails (the next operation tries again).
 *
 * <p>Journal entries are sealed with the tenant's {@link JournalSeal}; an entry the seal does not
 * authenticate is never acted on: the source answers {@link RestoreRecovery.Outcome#IGNORED}, the gate
 * is left at once, an {@code INTEGRITY_FAILURE} event names it, and the operation goes on. The same entry
 * met again by this instance is not examined again (the status screen polls); an explicit recovery does.
 */
public final class InterruptedRestores {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedRestores.class);

    private final DatabaseSource source;
    private final Guards guards;
    private final Events events;
    private final Clock clock;
    private final KeyProvider keys;
    private final Map<String, RecoveryReport> last = new ConcurrentHashMap<>();
    /** Per tenant, the journal entry last found not authentic: audited once, then not examined again. */
    private final Map<String, String> ignored = new ConcurrentHashMap<>();

    /**
     * @param source the database source that keeps the restore journals
     * @param guards the maintenance gate
     * @param events where RESTORE_RECOVERED goes
     * @param clock the time of the reports
     * @param keys the keys the tenant's journal seal is derived from
     */
    public InterruptedRestores(DatabaseSource source, Guards guards, Events events, Clock clock, KeyProvider keys) {
        this.source = source;
        this.guards = guards;
        this.events = events;
        this.clock = clock;
        this.keys = keys;
    }

    /** @return the seal of the tenant's restore journal entries, for a restore to write with */
    JournalSeal seal(Tenant t) {
        return JournalSeal.of(keys, t.id());
    }

    /** @return the most recent recovery of the tenant's database on this instance, if any */
    Optional<RecoveryReport> last(String tenantId) {
        return Optional.ofNullable(last.get(tenantId));
    }

    /** @return a description of an interrupted restore of the tenant's database, without changing anything */
    Optional<String> pending(Tenant t) {
        return source.interruptedRestore(t.databaseName());
    }

    /**
     * Finishes an interrupted restore of the tenant's database, if there is one. The caller holds the
     * tenant's lock.
     *
     * @return the report when one was found and finished; empty when there was none
     * @throws SourceException if the journal cannot be read or recovery fails (the workspace stays in maintenance)
     */
    Optional<RecoveryReport> recoverIfNeeded(Tenant t, Actor actor) {
        Optional<String> pending;
        try {
            pending = source.interruptedRestore(t.databaseName());
        } catch (SourceException x) {
            // The first read of the operation: failing here means the database is unreachable, not that a recovery
            // failed. Said so, at once: the caller must not try the database again (another server selection).
            throw new DatabaseUnreachable("The database of tenant " + t.id() + " cannot be reached, so nothing was done "
                    + "and nothing was changed (reading its restore journal failed: " + x.getMessage() + "). Check that "
                    + "the database server is running and reachable, then try again.", x);
        }
        if (pending.isEmpty() || pending.get().equals(ignored.get(t.id()))) {
            // Nothing, or the very entry already audited as not the library's own (a status screen polls often).
            return Optional.empty();
        }
        RecoveryReport r = recover(t, actor, pending.get());
        return r.outcome() == RecoveryReport.Outcome.NOTHING_TO_RECOVER ? Optional.empty() : Optional.of(r);
    }

    /**
     * The database could not even be asked whether a restore was interrupted: the operation stops before
     * anything changed, with this message rather than one about a failed recovery.
     */
    static final class DatabaseUnreachable extends SourceException {
        private static final long serialVersionUID = 1L;

        DatabaseUnreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Recovers unconditionally (an explicit request): reports "nothing to recover" when nothing was interrupted. */
    RecoveryReport recover(Tenant t, Actor actor) {
        Optional<String> pending = source.interruptedRestore(t.databaseName());
        if (pending.isEmpty()) {
            return new RecoveryReport(t.id(), t.databaseName(), RecoveryReport.Outcome.NOTHING_TO_RECOVER, "", "", java.util.List.of(),
                    "no interrupted restore of database " + t.databaseName() + " was found; nothing was changed", clock.instant());
        }
        return recover(t, actor, pending.get());
    }

    private RecoveryReport recover(Tenant t, Actor actor, String what) {
        long t0 = System.nanoTime();
        LOG.warn("Tenant {}: found an interrupted {}; recovering it", t.id(), what);
        guards.enterMaintenance(t, "Finishing an interrupted restore");
        RestoreRecovery r;
        try {
            r = source.recoverRestore(t.databaseName(), seal(t));
        } catch (RuntimeException x) {
            // The database may be mid-swap: the workspace stays in maintenance until a recovery succeeds.
            events.emit(BackupEvent.Type.RESTORE_FAILED, t.id(), actor, null, Duration.ofNanos(System.nanoTime() - t0), 0, 0,
                    "recovering the interrupted " + what + " failed; the workspace stays in maintenance and the next "
                            + "operation on the tenant tries again: " + x.getMessage(), x);
            if (x instanceof BackupException) {
                throw x;
            }
            throw new SourceException("Recovering the interrupted " + what + " of tenant " + t.id() + " failed: " + x
                    + ". The workspace stays in maintenance; the next operation on the tenant tries again.", x);
        }
        guards.exitMaintenance(t);
        ignored.remove(t.id());
        if (r.outcome() == RestoreRecovery.Outcome.IGNORED) {
            // Not the library's own entry: nothing was done, and nothing is reported as recovered.
            LOG.warn("Tenant {}: {}", t.id(), r.detail());
            ignored.put(t.id(), what);
            events.simple(BackupEvent.Type.INTEGRITY_FAILURE, t.id(), actor, null, "restore journal: " + r.detail(), null);
            return new RecoveryReport(t.id(), t.databaseName(), RecoveryReport.Outcome.NOTHING_TO_RECOVER, "", "",
                    java.util.List.of(), r.detail(), clock.instant());
        }
        RecoveryReport report = new RecoveryReport(t.id(), t.databaseName(), switch (r.outcome()) {
            case FORWARD -> RecoveryReport.Outcome.FINISHED;
            case BACK -> RecoveryReport.Outcome.ROLLED_BACK;
            case NONE, IGNORED -> RecoveryReport.Outcome.NOTHING_TO_RECOVER;
        }, r.restoreId(), r.state(), r.collections(), r.detail(), clock.instant());
        last.put(t.id(), report);
        events.emit(BackupEvent.Type.RESTORE_RECOVERED, t.id(), actor, null, Duration.ofNanos(System.nanoTime() - t0), 0, 0,
                r.detail(), null);
        return report;
    }
}
