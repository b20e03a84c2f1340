package com.daaisuite.backup.core;

import com.daaisuite.backup.core.BackupService.ScheduledOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@link Backups#runDue} on the host's {@link ScheduledExecutorService}: all the scheduling
 * a host needs, in one line.
 *
 * <pre>{@code
 * BackupScheduler scheduler = BackupScheduler.start(backups, executor, Duration.ofMinutes(5));
 * // on shutdown, before backups.close():
 * scheduler.close();
 * }</pre>
 *
 * <p>The library decides which tenants are due (01:00 tenant-local, by frequency), catches up
 * missed windows with one backup, skips suspended tenants and, with a shared lock, lets exactly one
 * node back up a tenant even when every node ticks. A tick every few minutes is plenty; each costs
 * one storage listing per tenant.
 *
 * <p>Ticks run with a fixed delay (a long tick, many tenants due after downtime, never queues more
 * behind it); the first runs at once. Each tick passes {@code runDue} the instant of the clock
 * {@code Backups} was built with, so a host testing with a simulated clock moves both at once.
 * Outcomes are logged (a failed one as a warning) and handed to the optional {@code onTick}; a tick
 * that throws is logged and the next tick runs as planned. Once {@code Backups} is closed the
 * scheduler stops by itself. Thread-safe.
 */
public final class BackupScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);

    private final BackupService service;
    private final Clock clock;
    private final Consumer<List<ScheduledOutcome>> onTick;
    private volatile ScheduledFuture<?> future;

    private BackupScheduler(BackupService service, Clock clock, Consumer<List<ScheduledOutcome>> onTick) {
        this.service = service;
        this.clock = clock;
        this.onTick = onTick;
    }

    /**
     * Starts ticking.
     *
     * @param backups the library
     * @param executor the host's executor; the scheduler never shuts it down
     * @param period between the end of one tick and the start of the next (at least 1 ms)
     * @return the running scheduler; {@link #close()} stops it
     */
    public static BackupScheduler start(Backups backups, ScheduledExecutorService executor, Duration period) {
        return start(backups, executor, period, outcomes -> {});
    }

    /**
     * Starts ticking, handing every tick's outcomes to {@code onTick} (metrics, a health page).
     *
     * @param backups the library
     * @param executor the host's executor; the scheduler never shuts it down
     * @param period between the end of one tick and the start of the next (at least 1 ms)
     * @param onTick receives each tick's outcomes after they are logged; an exception it throws is
     *     logged and ignored
     * @return the running scheduler; {@link #close()} stops it
     */
    public static BackupScheduler start(Backups backups, ScheduledExecutorService executor, Duration period,
            Consumer<List<ScheduledOutcome>> onTick) {
        Objects.requireNonNull(backups, "backups");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(onTick, "onTick");
        if (period == null || period.toMillis() < 1) {
            throw new IllegalArgumentException("BackupScheduler: period must be at least 1 ms, got " + period
                    + "; a few minutes is plenty");
        }
        BackupScheduler s = new BackupScheduler(backups, backups.clock(), onTick);
        s.future = executor.scheduleWithFixedDelay(s::tickQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    /**
     * One tick now, on the calling thread (a cron endpoint, a test).
     *
     * @return the outcomes of the tenants that were due
     * @throws BackupsClosedException once {@code Backups} is closed
     */
    public List<ScheduledOutcome> tick() {
        List<ScheduledOutcome> outcomes = service.runDue(clock.instant());
        for (ScheduledOutcome o : outcomes) {
            if (o.outcome() == ScheduledOutcome.Outcome.FAILED) {
                LOG.warn("Scheduled backup of tenant {} failed: {}", o.tenantId(), o.detail());
            } else {
                LOG.info("Scheduled backup of tenant {}: {} ({})", o.tenantId(), o.outcome(), o.detail());
            }
        }
        try {
            onTick.accept(outcomes);
        } catch (RuntimeException e) {
            LOG.warn("The scheduler's onTick threw; ignored", e);
        }
        return outcomes;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (BackupsClosedException closed) {
            LOG.info("Backups is closed; the backup scheduler stops");
            close();
        } catch (RuntimeException e) {
            // An exception escaping a scheduled task silently cancels every later run: log it and tick again next time.
            LOG.warn("A backup scheduler tick failed; the next tick runs as planned", e);
        }
    }

    /**
     * Stops ticking. A tick already running finishes ({@link Backups#close()} waits for it); the
     * host's executor is left running.
     */
    @Override
    public void close() {
        ScheduledFuture<?> f = future;
        if (f != null) {
            f.cancel(false);
        }
    }
}
